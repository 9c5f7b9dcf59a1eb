/**
 * @module The local Node process: validates the environment, opens the store and serves the app on `PORT`
 * with `@hono/node-server`, plus the built SPA, or, under `npm run dev`, a development server of the SPA.
 * Its command lines are `npm start` / `npm run dev` (scripts/) and `npm run serve` (serve.ts), which stop a bad
 * configuration with one line naming the variable and exit code 1.
 */
import { getRequestListener } from '@hono/node-server'
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { resolveAppSecret } from './app-secret.ts'
import { createApp } from './app.ts'
import { parseConfig } from './config.ts'
import { openStore } from './adapters/store/open-store.ts'
import { startCronTimer } from './http/cron.ts'
import { notFound } from './http/errors.ts'
import { createSpaFileRoutes } from './http/spa-files.ts'

/** The built SPA (`npm run build`), served by the local process as Vercel's CDN serves it in production. */
export const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url))

/**
 * A development server of the SPA (Vite in middleware mode, `npm run dev`) that the local process serves instead
 * of the built files: the frame pages embed its index.html, and each request outside `/api` goes to it first.
 */
export interface SpaDevServer {
  /** The SPA's index.html as the development server transforms it (HMR client, source modules). */
  indexHtml(): Promise<string>
  /** Serves modules, assets and the HMR client; calls `next()` for a request it does not serve. */
  middleware(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void
  close(): Promise<void>
}

/** Starts a {@link SpaDevServer} for the app's HTTP server (its HMR WebSocket shares the app's port). */
export type SpaDevServerFactory = (server: Server) => Promise<SpaDevServer>

/** How the local process serves the SPA; by default the built files of `apps/web/dist`. */
export interface StartOptions {
  spaDev?: SpaDevServerFactory
}

const isApiPath = (url: string | undefined) => /^\/api(?:[/?#]|$)/.test(url ?? '/')

/** Sends `/api` to the app and everything else to the SPA's dev server first, then to the app (its JSON 404). */
function withSpaDev(spaDev: SpaDevServer, app: RequestListener): RequestListener {
  return (req, res) => {
    if (isApiPath(req.url)) return void app(req, res)
    spaDev.middleware(req, res, (error) => {
      if (error === undefined) return void app(req, res)
      console.error('SPA dev server failed:', error)
      res
        .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The SPA dev server failed; see the console')
    })
  }
}

/** A running app server. */
export interface RunningServer {
  url: string
  close(): Promise<void>
}

/**
 * Starts the app server from `environment`.
 * @throws ConfigError when the environment is invalid; the store adapter's error when it cannot be opened.
 */
export async function startServer(
  environment: Record<string, string | undefined>,
  options: StartOptions = {},
): Promise<RunningServer> {
  const config = resolveAppSecret(parseConfig(environment))
  const store = await openStore(config.store)
  const server = createServer()
  const spaDev = options.spaDev ? await options.spaDev(server) : undefined
  const app = createApp({ config, store, ...(spaDev ? { spaIndex: () => spaDev.indexHtml() } : {}) })
  const local = spaDev ? new Hono() : new Hono().route('/', createSpaFileRoutes(webDistDir))
  local.route('/', app).notFound(notFound)
  const listener = getRequestListener(local.fetch)
  server.on('request', spaDev ? withSpaDev(spaDev, listener) : listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(config.port, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  // Locally nothing else calls the cron tick: fire reminders, deadlines and outbox retries each minute.
  const stopCron = startCronTimer(app, { secret: config.cronSecret })
  return {
    url: `http://localhost:${port}`,
    close: async () => {
      stopCron()
      await spaDev?.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
    },
  }
}
