/**
 * @module `ONAPPUNINSTALL`: with `CLEAN=1` every key of the portal is purged, with `CLEAN=0` the record is kept
 * (settings survive a re-install) but marked uninstalled and its tokens are dropped (Bitrix24 revoked them).
 * @see https://apidocs.bitrix24.com/api-reference/common/events/on-app-uninstall.html
 */
import type { Clock } from '../ports/clock.ts'
import type { PortalConnector } from '../ports/portal.ts'
import type { Store } from '../ports/store.ts'
import { indexPortalStatus, unindexPortal, updatePortalRecord } from './portal-records.ts'

/** What uninstalling needs. */
export interface UninstallDeps {
  store: Store
  clock: Clock
  /** Absent in webhook mode (no cached OAuth clients). */
  connector?: PortalConnector
}

/** Uninstalls the portal `memberId`; `clean` purges its data. Idempotent. */
export async function uninstallPortal(deps: UninstallDeps, memberId: string, clean: boolean): Promise<void> {
  deps.connector?.forget(memberId)
  if (clean) {
    await deps.store.purgePortal(memberId)
    await unindexPortal(deps.store, memberId)
    return
  }
  const now = deps.clock.now()
  const written = await updatePortalRecord(deps.store, memberId, (r) => ({
    ...r,
    status: 'uninstalled',
    sealedTokens: null,
    updatedAt: new Date(now).toISOString(),
  }))
  if (written) await indexPortalStatus(deps.store, memberId, 'uninstalled', now)
}
