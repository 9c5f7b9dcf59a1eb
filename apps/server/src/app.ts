/**
 * @module The app: every HTTP surface mounted under `/api` over the object graph (`wiring/graph.ts`), with the
 * JSON error format and a body size limit.
 */
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { except } from 'hono/combine'
import { PayloadTooLargeError } from './ports/errors.ts'
import { createAppApiRoutes } from './http/app-api.ts'
import { createSignInRoutes } from './http/auth-bitrix24.ts'
import { createB24Routes } from './http/b24.ts'
import { createSpaIndexReader } from './http/b24-pages.ts'
import { notFound, onError } from './http/errors.ts'
import { createHealthRoutes } from './http/health.ts'
import { createLeadRoutes, leadBodyLimit } from './http/leads.ts'
import { jsonDepthLimit } from './http/json-depth.ts'
import { createCronRoutes } from './http/cron.ts'
import { createTelegramRoutes } from './http/telegram.ts'
import { portalHealth } from './services/portal-health.ts'
import { buildGraph, type AppDeps } from './wiring/graph.ts'
import { version } from './version.ts'

export { runInBackground, type AppDeps } from './wiring/graph.ts'

const defaultSpaIndexFile = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url))

/** The largest request body any route accepts (Bitrix24 events and Telegram updates are far smaller). */
export const maxBodyBytes = 1024 * 1024

/** Builds the Hono app with every route under `/api`, the JSON error format and a body size limit. */
export function createApp(deps: AppDeps) {
  const graph = buildGraph(deps)
  const { bitrix24: b24, approvals, telegram, store } = graph
  const spaIndex = deps.spaIndex ?? createSpaIndexReader(deps.spaIndexFile ?? defaultSpaIndexFile)
  const session = b24.appAuth && b24.directory ? { auth: b24.appAuth, store, directory: b24.directory } : undefined
  const signIn = b24.install && { ...b24.install, appOrigin: new URL(deps.config.appUrl).origin }
  const signInRoutes = createSignInRoutes({
    ...{ signIn, appUrl: deps.config.appUrl, callbackUrl: deps.config.bitrix24CallbackUrl },
  })
  const api = new Hono()
    // The lead intake takes files: its own, larger limit instead of the general one.
    .use('/leads/*', leadBodyLimit())
    .use(
      except(
        '/api/leads/*',
        bodyLimit({
          maxSize: maxBodyBytes,
          onError: () => {
            throw new PayloadTooLargeError('PAYLOAD_TOO_LARGE', `The body is larger than ${maxBodyBytes} bytes`)
          },
        }),
      ),
      jsonDepthLimit(),
    )
    .route(
      '/',
      createHealthRoutes({
        store,
        mode: deps.config.bitrix24.mode,
        telegramConfigured: deps.config.telegram !== undefined,
        version,
        portals: () => portalHealth(store),
        detailsSecret: deps.config.cronSecret,
      }),
    )
    .route('/', signInRoutes.pages)
    .route('/', signInRoutes.api)
    .route(
      '/',
      createB24Routes({ ...b24, store, robot: graph.robot, defer: graph.defer, spaIndex, links: graph.links }),
    )
    .route('/', createCronRoutes({ secret: deps.config.cronSecret, tick: graph.tick }))
    .route('/', createTelegramRoutes(telegram))
    .route('/', createLeadRoutes(graph.leads.intake))
    .route(
      '/app',
      createAppApiRoutes({
        ...{ session, approvals, signedIn: signIn },
        telegram: {
          ...{ store, clock: graph.clock, directory: b24.directory },
          ...{ people: approvals.people, appUrl: deps.config.appUrl, telegram },
        },
        sites: { ...graph.leads.intake, appUrl: deps.config.appUrl },
        reports: { exportMaxRows: deps.config.exportMaxRows },
      }),
    )
  const app = new Hono().route('/api', api)
  app.onError(onError)
  app.notFound(notFound)
  return app
}

/** The app's route types, for the SPA's `hc<AppType>` client. */
export type AppType = ReturnType<typeof createApp>
