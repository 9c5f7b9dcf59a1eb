/**
 * @module Stand-ins for the Bitrix24 ports whose adapter (b24jssdk and its HTTP stack) is loaded on first use, so
 * requests that never reach a portal — health checks, Telegram updates, cron ticks with nothing to write back —
 * never load the SDK.
 */
import type { Portal, PortalConnector } from '../../ports/portal.ts'
import { lazyPort } from '../lazy-port.ts'

/** A Portal whose parts wait for `load` (run once, by the first call of any part's method). */
export function lazyPortal(load: () => Promise<Portal>): Portal {
  let pending: Promise<Portal> | undefined
  const loaded = () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined
      throw error
    }))
  return {
    writeBack: lazyPort(async () => (await loaded()).writeBack),
    people: lazyPort(async () => (await loaded()).people),
    app: lazyPort(async () => (await loaded()).app),
    notifications: lazyPort(async () => (await loaded()).notifications),
    bindings: lazyPort(async () => (await loaded()).bindings),
    subjects: lazyPort(async () => (await loaded()).subjects),
    tasks: lazyPort(async () => (await loaded()).tasks),
    crm: lazyPort(async () => (await loaded()).crm),
    offlineEvents: lazyPort(async () => (await loaded()).offlineEvents),
    automation: lazyPort(async () => (await loaded()).automation),
    crmCatalog: lazyPort(async () => (await loaded()).crmCatalog),
    leads: lazyPort(async () => (await loaded()).leads),
    profiles: lazyPort(async () => (await loaded()).profiles),
    files: lazyPort(async () => (await loaded()).files),
    groups: lazyPort(async () => (await loaded()).groups),
  }
}

/**
 * A PortalConnector that loads its adapter with the first portal used. Once loaded, every call goes straight to
 * the adapter (its per-portal cache included); before that, a portal asked for is a {@link lazyPortal} over the
 * adapter's, and `forget` has nothing to forget.
 */
export function lazyConnector(load: () => Promise<PortalConnector>): PortalConnector {
  let connector: PortalConnector | undefined
  let pending: Promise<PortalConnector> | undefined
  const loaded = () =>
    (pending ??= load().then(
      (ready) => (connector = ready),
      (error: unknown) => {
        pending = undefined
        throw error
      },
    ))
  return {
    forPortal: (address, tokens) =>
      connector?.forPortal(address, tokens) ?? lazyPortal(async () => (await loaded()).forPortal(address, tokens)),
    forUserToken: (address, accessToken) =>
      connector?.forUserToken(address, accessToken) ??
      lazyPortal(async () => (await loaded()).forUserToken(address, accessToken)),
    forget: (memberId) => connector?.forget(memberId),
  }
}
