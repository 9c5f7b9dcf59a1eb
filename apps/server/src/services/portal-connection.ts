/**
 * @module The connection of a portal as its admins see it: the stored state plus one live question to the portal
 * with the app's stored tokens (so an expired token is refreshed, and a refused refresh shows up here at once).
 */
import { AuthError } from '../ports/errors.ts'
import type { Store } from '../ports/store.ts'
import type { PortalDirectory } from './portal-directory.ts'
import { loadPortalRecord, type PortalStatus } from './portal-records.ts'

/** The connection report (no secrets). */
export interface PortalConnection {
  memberId: string
  domain: string
  status: PortalStatus
  scope: string
  installedAt: string
  updatedAt: string
  /** Whether the portal considers the install finished, as it answered just now; null when it could not be asked. */
  isInstallFinished: boolean | null
}

/**
 * Reports the connection of `memberId`, checking it live with the stored tokens.
 * @throws AuthError `PORTAL_NOT_INSTALLED`; the Portal's errors other than a refused authorization.
 */
export async function describeConnection(
  deps: { store: Store; directory: PortalDirectory },
  memberId: string,
): Promise<PortalConnection> {
  const live = await deps.directory
    .portal(memberId)
    .then((portal) => portal.app.isInstallFinished())
    .catch((error: unknown) => {
      // A portal that lost its authorization is reported as such, not as a failed request.
      if (error instanceof AuthError && error.code === 'PORTAL_NEEDS_REAUTHORIZATION') return null
      throw error
    })
  const record = await loadPortalRecord(deps.store, memberId)
  if (!record) throw new AuthError('PORTAL_NOT_INSTALLED', 'The app is not installed in this portal')
  const { domain, status, scope, installedAt, updatedAt } = record.value
  return { memberId, domain, status, scope, installedAt, updatedAt, isInstallFinished: live }
}
