/**
 * @module The app as a Vercel function builds it: configuration from the environment at import time (a bad one
 * stops the function with one line naming the variable), the store opened by the first request (see `lazyStore`),
 * and work after the answer kept alive with `waitUntil`.
 */
import { waitUntil } from '@vercel/functions'
import { resolveAppSecret } from './app-secret.ts'
import { createApp, runInBackground } from './app.ts'
import { exitOnStartupError, parseConfig } from './config.ts'
import { lazyStore } from './adapters/store/lazy-store.ts'
import { openStore } from './adapters/store/open-store.ts'

function configFromEnvironment() {
  try {
    return resolveAppSecret(parseConfig(process.env))
  } catch (error) {
    return exitOnStartupError(error)
  }
}

const config = configFromEnvironment()

/** The Hono app served by `api/index.ts`. */
export const app = createApp({
  config,
  store: lazyStore(config.store.kind, () => openStore(config.store)),
  // Keeps the function alive until deferred work settles; failures are logged and resumed by the cron tick.
  defer: (work) => waitUntil(runInBackground(work)),
})
