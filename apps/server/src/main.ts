/**
 * @module The local Node process: validates the environment, opens the store and serves the app on `PORT`
 * with `@hono/node-server`. A bad configuration stops it with one line naming the variable and exit code 1.
 */
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Hono } from 'hono'
import { resolveAppSecret } from './app-secret.ts'
import { createApp } from './app.ts'
import { ConfigError, parseConfig } from './config.ts'
import { openStore } from './adapters/store/open-store.ts'
import { startCronTimer } from './http/cron.ts'
import { notFound } from './http/errors.ts'
import { createSpaFileRoutes } from './http/spa-files.ts'

/** The built SPA (`npm run build`), served by the local process as Vercel's CDN serves it in production. */
const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url))

/** A running app server. */
export interface RunningServer {
  url: string
  close(): Promise<void>
}

/**
 * Starts the app server from `environment`.
 * @throws ConfigError when the environment is invalid; the store adapter's error when it cannot be opened.
 */
export async function startServer(environment: Record<string, string | undefined>): Promise<RunningServer> {
  const config = resolveAppSecret(parseConfig(environment))
  const store = await openStore(config.store)
  const app = createApp({ config, store })
  const local = new Hono().route('/', createSpaFileRoutes(webDistDir)).route('/', app)
  local.notFound(notFound)
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: local.fetch, port: config.port }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  // Locally nothing else calls the cron tick (issue #7): fire reminders, deadlines and outbox retries each minute.
  const stopCron = startCronTimer(app, { secret: config.cronSecret })
  return {
    url: `http://localhost:${port}`,
    close: async () => {
      stopCron()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
    },
  }
}

/** Prints why start-up failed, in one line, and exits with code 1. */
export function exitOnStartupError(error: unknown): never {
  const message = error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error).message}`
  console.error(message)
  process.exit(1)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startServer(process.env)
    .then((server) => console.log(`Telegram Approval Cloud listens on ${server.url}`))
    .catch(exitOnStartupError)
}
