/**
 * @module The Hono app of the sandbox portal: CORS for the app origin (§3.2), the OAuth server,
 * `/rest/`, and the portal UI when `ui/index.ts` exists (built separately).
 */
import { existsSync } from 'node:fs'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import type { Portal } from './portal.ts'
import { oauthRoutes } from './oauth/token-server.ts'
import { createLeakyBucket, type LeakyBucket } from './rest/rate-limit.ts'
import type { MethodTable } from './rest/registry.ts'
import { restRoutes } from './rest/router.ts'

/** Builds the portal's Hono app (without the UI). */
export function createPortalApp(portal: Portal, methods: MethodTable, bucket: LeakyBucket = createLeakyBucket()): Hono {
  const app = new Hono()
  app.use(
    '/rest/*',
    cors({
      origin: (origin) => {
        const appOrigin = new URL(portal.state.app.handlerUrl).origin
        return origin === appOrigin || origin === portal.urls.portal ? origin : null
      },
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    }),
  )
  app.route('/', oauthRoutes(portal))
  app.route('/', restRoutes(portal, methods, bucket))
  return app
}

/** The portal UI module's factory, when that module exists (`ui/index.ts` exports `portalUi`). */
export type PortalUiFactory<S> = (sandbox: S) => Hono

/** Loads `ui/index.ts` if it is there; null otherwise. */
export async function loadPortalUi<S>(): Promise<PortalUiFactory<S> | null> {
  const url = new URL('./ui/index.ts', import.meta.url)
  if (!existsSync(url)) return null
  const module = (await import(url.href)) as { portalUi?: PortalUiFactory<S> }
  return module.portalUi ?? null
}
