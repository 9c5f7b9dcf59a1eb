/**
 * @module The app as a Vercel function builds it: configuration from the environment at import time, the store
 * opened by the first request (see `lazyStore`), and work after the answer kept alive with `waitUntil`.
 */
import { waitUntil } from '@vercel/functions'
import { resolveAppSecret } from './app-secret.ts'
import { createApp } from './app.ts'
import { parseConfig } from './config.ts'
import { lazyStore } from './adapters/store/lazy-store.ts'
import { openStore } from './adapters/store/open-store.ts'

const config = resolveAppSecret(parseConfig(process.env))

/** Keeps the function alive until `work` settles; a failure is logged, and the cron tick resumes what is left. */
function deferOnVercel(work: Promise<unknown>): void {
  waitUntil(
    work.catch((error: unknown) =>
      console.error('background work failed:', error instanceof Error ? error.stack : error),
    ),
  )
}

/** The Hono app served by `api/index.ts`. */
export const app = createApp({
  config,
  store: lazyStore(config.store.kind, () => openStore(config.store)),
  defer: deferOnVercel,
})
