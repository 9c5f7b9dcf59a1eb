/**
 * @module `createBitrix24Sandbox`: starts an offline Bitrix24 portal (REST, OAuth server, events,
 * robots, and the portal UI when present) and returns the handle tests and `npm start` use.
 */
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import { allMethods } from './methods/index.ts'
import { OAUTH_SERVER_PREFIX } from './oauth/token-server.ts'
import type { Portal, RateLimitOptions } from './portal.ts'
import { createLeakyBucket } from './rest/rate-limit.ts'
import { createSandboxHandle, type Bitrix24Sandbox } from './sandbox-handle.ts'
import { createSeedState } from './seed.ts'
import { createPortalApp, loadPortalUi } from './server.ts'
import { loadSnapshot, snapshotWriter } from './snapshot.ts'
import type { PortalState } from './state.ts'
import { pruneStoredTokens } from './tokens.ts'

export type { Bitrix24Sandbox } from './sandbox-handle.ts'

/** Options of `createBitrix24Sandbox`. */
export interface Bitrix24SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Host to listen on and to put into URLs; default `127.0.0.1`. */
  host?: string
  /** The app server base; handler `${appUrl}/api/b24/app`, install `${appUrl}/api/b24/install`. Default `http://localhost:8787`. */
  appUrl?: string
  /** JSON snapshot persisted across restarts when given. */
  snapshotFile?: string
  /** Access token lifetime (default 3600 s, §2.4). */
  tokenTtlSeconds?: number
  /** Refresh token lifetime (default 28 days, the conservative value of §2.4). */
  refreshTokenTtlSeconds?: number
  /** Leaky bucket per portal (default burst 50, 2/s, §3.8); `false` turns it off. */
  rateLimit?: RateLimitOptions | false
  /** Serve HTTPS with this key and certificate (PEM), e.g. for `B24Hook`, which always builds https URLs. */
  tls?: { key: string; cert: string }
  /** Send `SERVER_ENDPOINT`/`APPLICATION_TOKEN`/`APPLICATION_SCOPE` in the frame POST (default true, §1.2). */
  frameSendsAppFields?: boolean
  /** Put `refresh_token` into ordinary events (default false, §4.3). */
  eventsIncludeRefreshToken?: boolean
  /** Timeout of one event or robot delivery (default 10 000 ms). */
  deliveryTimeoutMs?: number
  /** Mount the portal UI when `ui/index.ts` exists (default true). */
  ui?: boolean
}

function initialState(options: Bitrix24SandboxOptions, appUrl: string): PortalState {
  const loaded = options.snapshotFile ? loadSnapshot(options.snapshotFile) : null
  if (loaded) pruneStoredTokens(loaded, Date.now())
  const state = loaded ?? createSeedState({ appUrl, now: Date.now() })
  state.outgoingWebhooks ??= []
  state.app.handlerUrl = `${appUrl}/api/b24/app`
  state.app.installUrl = `${appUrl}/api/b24/install`
  return state
}

function createPortal(options: Bitrix24SandboxOptions, state: PortalState): Portal {
  const writer = options.snapshotFile ? snapshotWriter(options.snapshotFile, () => state) : null
  return {
    state,
    now: () => Date.now(),
    urls: { portal: '', domain: '', oauthServer: '' },
    knobs: {
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 28 * 86_400,
      rateLimit: options.rateLimit === undefined ? { burstLimit: 50, drainRate: 2 } : options.rateLimit,
      faults: [],
      answers: [],
      delays: [],
      losses: [],
      randomFaults: null,
      frameSendsAppFields: options.frameSendsAppFields ?? true,
      eventsIncludeRefreshToken: options.eventsIncludeRefreshToken ?? false,
      deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
    },
    restLog: [],
    deliveries: [],
    oauthLog: [],
    pending: new Set(),
    persist: writer ? writer.schedule : () => undefined,
    flushSnapshot: writer ? writer.flush : () => undefined,
  }
}

function listen(app: Hono, options: Bitrix24SandboxOptions, host: string): Promise<ServerType> {
  return new Promise((resolve) => {
    const base = { fetch: app.fetch, port: options.port ?? 0, hostname: host }
    const server = options.tls
      ? serve(
          { ...base, createServer: createHttpsServer, serverOptions: { key: options.tls.key, cert: options.tls.cert } },
          () => resolve(server),
        )
      : serve(base, () => resolve(server))
  })
}

/**
 * Starts a sandbox Bitrix24 portal. State lives in memory (and in `snapshotFile` when given).
 * @example
 * const b24 = await createBitrix24Sandbox({ rateLimit: false })
 * const tokens = b24.issueTokens(1)
 * await b24.close()
 */
export async function createBitrix24Sandbox(options: Bitrix24SandboxOptions = {}): Promise<Bitrix24Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const appUrl = (options.appUrl ?? 'http://localhost:8787').replace(/\/$/, '')
  const portal = createPortal(options, initialState(options, appUrl))
  const bucket = createLeakyBucket()
  const app = createPortalApp(portal, allMethods(), bucket)
  const ui = options.ui === false ? null : await loadPortalUi<Bitrix24Sandbox>()
  let uiApp: Hono | null = null
  // The UI needs the finished handle (with the listening port), so it is mounted lazily behind the routes above.
  app.all('*', (c) => (uiApp ? uiApp.fetch(c.req.raw) : c.text('Not found', 404)))
  const server = await listen(app, options, host)
  const { port } = server.address() as AddressInfo
  const scheme = options.tls ? 'https' : 'http'
  portal.urls.portal = `${scheme}://${host}:${port}`
  portal.urls.domain = `${host}:${port}`
  portal.urls.oauthServer = `${portal.urls.portal}${OAUTH_SERVER_PREFIX}`
  const handle = createSandboxHandle(portal, allMethods(), bucket, server)
  if (ui) uiApp = ui(handle)
  return handle
}
