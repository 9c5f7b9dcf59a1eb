/**
 * @module `GET /api/health`: is the store reachable, which integrations are configured, which version runs.
 */
import { Hono } from 'hono'
import type { Store } from '../ports/store.ts'
import type { PortalHealth } from '../services/portal-health.ts'

/** What the health route needs to know. */
export interface HealthDeps {
  store: Store
  mode: 'oauth' | 'webhook' | 'none'
  telegramConfigured: boolean
  version: string
  /** Connected portals and those needing re-authorization (no secrets). */
  portals: () => Promise<PortalHealth>
}

/**
 * Routes for `/health`: 200 `{ status: "ok", store, mode, version, … }` when the store answers a ping,
 * 503 with `status: "degraded"` when it does not.
 */
export function createHealthRoutes(deps: HealthDeps) {
  return new Hono().get('/health', async (c) => {
    const isStoreReachable = await deps.store.ping().catch((error: unknown) => {
      console.error('health: store ping failed:', error instanceof Error ? error.message : error)
      return false
    })
    const portals = isStoreReachable ? await deps.portals() : undefined
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
