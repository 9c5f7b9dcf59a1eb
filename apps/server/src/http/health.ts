/**
 * @module `GET /api/health`: is the store reachable, which integrations are configured, which version runs.
 * Portal details (which portals need re-authorization) are tenant data: only a caller with the operator's
 * bearer secret (`CRON_SECRET`) sees them.
 */
import { Hono } from 'hono'
import type { Store } from '../ports/store.ts'
import type { PortalHealth } from '../services/portal-health.ts'
import { isSameSecret } from '../services/secret-compare.ts'

/** What the health route needs to know. */
export interface HealthDeps {
  store: Store
  mode: 'oauth' | 'webhook' | 'none'
  telegramConfigured: boolean
  version: string
  /** Connected portals and those needing re-authorization (no secrets). */
  portals: () => Promise<PortalHealth>
  /** The bearer secret that unlocks `portals`; without one configured nobody sees them. */
  detailsSecret: string | undefined
}

/**
 * Routes for `/health`: 200 `{ status: "ok", store, mode, version, … }` when the store answers a ping,
 * 503 with `status: "degraded"` when it does not; `portals` only with `Authorization: Bearer <detailsSecret>`.
 */
export function createHealthRoutes(deps: HealthDeps) {
  return new Hono().get('/health', async (c) => {
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
    const maySeeDetails = deps.detailsSecret !== undefined && isSameSecret(given, deps.detailsSecret)
    const isStoreReachable = await deps.store.ping().catch((error: unknown) => {
      console.error('health: store ping failed:', error instanceof Error ? error.message : error)
      return false
    })
    const portals = isStoreReachable && maySeeDetails ? await deps.portals() : undefined
    const body = {
      status: isStoreReachable ? ('ok' as const) : ('degraded' as const),
      store: deps.store.kind,
      storeReachable: isStoreReachable,
      mode: deps.mode,
      telegram: deps.telegramConfigured ? ('configured' as const) : ('not_configured' as const),
      version: deps.version,
      portals,
    }
    return c.json(body, isStoreReachable ? 200 : 503)
  })
}
