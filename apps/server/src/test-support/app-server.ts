/**
 * @module Test harness (imported by tests and benches only): the app server listening on 127.0.0.1 next to a Bitrix24
 * sandbox, wired through the composition root exactly as in production, with sandbox URLs as configuration.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import {
  createBitrix24Sandbox,
  type Bitrix24Sandbox,
  type Bitrix24SandboxOptions,
} from '../../../sandbox/src/bitrix24/index.ts'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import { createApp, type AppDeps } from '../app.ts'
import { parseConfig } from '../config.ts'
import type { Store } from '../ports/store.ts'

/** A running app server (one "instance"). */
export interface TestServer {
  app: ReturnType<typeof createApp>
  store: Store
  /** Waits for the work the routes deferred until after their answers. */
  drain(): Promise<void>
}

/** The app server base URL plus a way to plug an app into it after the sandbox knows the URL. */
export interface Listener {
  url: string
  use(app: { fetch: (request: Request) => Response | Promise<Response> }): void
  close(): Promise<void>
}

/** Listens on 127.0.0.1:0 and forwards to whatever app is plugged in later. */
export async function listen(): Promise<Listener> {
  let target: ((request: Request) => Response | Promise<Response>) | undefined
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        fetch: (request: Request) => (target ? target(request) : new Response('not ready', { status: 503 })),
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s),
    )
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    use: (app) => void (target = (request) => app.fetch(request)),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}

/** Starts a sandbox whose app handlers point at `appUrl` (rate limit off unless asked). */
export function startSandbox(appUrl: string, options: Bitrix24SandboxOptions = {}): Promise<Bitrix24Sandbox> {
  return createBitrix24Sandbox({ rateLimit: false, ...options, appUrl })
}

/** Environment of app mode against the sandbox. */
export function oauthEnv(sandbox: Bitrix24Sandbox, appUrl: string): Record<string, string> {
  return {
    APP_URL: appUrl,
    APP_SECRET: 'test-app-secret-0123456789abcdef0123456789',
    BITRIX24_CLIENT_ID: sandbox.app.clientId,
    BITRIX24_CLIENT_SECRET: sandbox.app.clientSecret,
    BITRIX24_OAUTH_SERVERS: sandbox.oauthServerUrl,
  }
}

/** Builds an app instance from an environment, over `store` (a fresh in-memory SQLite store by default). */
export function buildServer(env: Record<string, string>, options: Partial<Omit<AppDeps, 'config'>> = {}): TestServer {
  const config = parseConfig(env)
  const store = options.store ?? openSqliteStore({ file: ':memory:' })
  const pending: Promise<unknown>[] = []
  const app = createApp({
    bitrix24: { restrictionParams: { maxRetries: 1 } },
    // Hermetic by default: the minimal install page, whether or not `npm run build` left apps/web/dist behind.
    spaIndexFile: join(tmpdir(), 'tac-spa-not-built', 'index.html'),
    ...options,
    config: { ...config, appSecret: config.appSecret! },
    store,
    defer: (work) => void pending.push(work),
  })
  return {
    app,
    store,
    async drain() {
      while (pending.length > 0) {
        // Every piece settles before a failure is reported, so a caller that goes on finds nothing still running.
        const failure = (await Promise.allSettled(pending.splice(0))).find((r) => r.status === 'rejected')
        if (failure) throw failure.reason
      }
    },
  }
}

/** Form-encodes a nested object with PHP bracket keys, as Bitrix24 sends events. */
export function bracketEncode(value: unknown, prefix = ''): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'object') return `${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => bracketEncode(inner, prefix ? `${prefix}[${key}]` : key))
    .filter(Boolean)
    .join('&')
}

/** POSTs a form body to the app. */
export function postForm(server: TestServer, path: string, body: string) {
  return server.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })
}
