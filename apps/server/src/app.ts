/**
 * @module The composition root: turns a validated configuration into adapters and mounts every HTTP surface
 * under `/api`. The only module that imports adapters.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { PayloadTooLargeError } from './ports/errors.ts'
import type { Store } from './ports/store.ts'
import type { Config } from './config.ts'
import { notFound, onError } from './http/errors.ts'
import { createHealthRoutes } from './http/health.ts'
import { version } from './version.ts'

/** Everything the app is built from; tests pass their own store and configuration. */
export interface AppDeps {
  config: Config & { appSecret: string }
  store: Store
}

/** The largest request body any route accepts (Bitrix24 events and Telegram updates are far smaller). */
export const maxBodyBytes = 1024 * 1024

/** Builds the Hono app with every route under `/api`, the JSON error format and a body size limit. */
export function createApp(deps: AppDeps) {
  const api = new Hono()
    .use(
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: () => {
          throw new PayloadTooLargeError('PAYLOAD_TOO_LARGE', `The body is larger than ${maxBodyBytes} bytes`)
        },
      }),
    )
    .route(
      '/',
      createHealthRoutes({
        store: deps.store,
        mode: deps.config.bitrix24.mode,
        telegramConfigured: deps.config.telegram !== undefined,
        version,
      }),
    )
  const app = new Hono().route('/api', api)
  app.onError(onError)
  app.notFound(notFound)
  return app
}

/** The app's route types, for the SPA's `hc<AppType>` client. */
export type AppType = ReturnType<typeof createApp>
