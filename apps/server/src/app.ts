/**
 * @module The composition root: turns a validated configuration into adapters and mounts every HTTP surface
 * under `/api`. The only module that imports adapters.
 */
import { fileURLToPath } from 'node:url'
import type { RestrictionParams } from '@bitrix24/b24jssdk'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createB24HookPortal } from './adapters/bitrix24/b24-hook-portal.ts'
import { createB24OAuthConnector } from './adapters/bitrix24/b24-oauth-connector.ts'
import { createOAuthServerClient } from './adapters/bitrix24/oauth-server-client.ts'
import { createAesGcmSecretBox } from './adapters/crypto/aes-gcm-secret-box.ts'
import { systemClock, type Clock } from './ports/clock.ts'
import { PayloadTooLargeError } from './ports/errors.ts'
import type { Store } from './ports/store.ts'
import type { Config } from './config.ts'
import { createAppApiRoutes } from './http/app-api.ts'
import { createB24Routes } from './http/b24.ts'
import { createSpaIndexReader } from './http/b24-pages.ts'
import { notFound, onError } from './http/errors.ts'
import { createHealthRoutes } from './http/health.ts'
import { jsonDepthLimit } from './http/json-depth.ts'
import { createApprovalRoutes } from './http/app-api-approvals.ts'
import { createApprovalCatalogRoutes } from './http/app-api-catalog.ts'
import { createSubjectRoutes } from './http/app-api-subjects.ts'
import { createCronRoutes } from './http/cron.ts'
import { createApprovalServices } from './services/approvals/approval-services.ts'
import { createTelegramRoutes } from './http/telegram.ts'
import { createAppTelegramRoutes } from './http/app-api-telegram.ts'
import { createTelegrafBot, createTelegramClient } from './adapters/telegram/telegraf-bot.ts'
import { createTelegrafMessenger } from './adapters/telegram/telegraf-messenger.ts'
import { createSendPacer } from './adapters/telegram/send-pacer.ts'
import { createStoreSendBudget } from './adapters/telegram/send-budget.ts'
import {
  actionsForCard,
  createTelegramApprovals,
  portalTimeZone,
  progressForCard,
} from './services/telegram/approval-bridge.ts'
import { createPortalPeople } from './services/approvals/portal-users.ts'
import type { PortalDirectory } from './services/portal-directory.ts'
import { createTelegramRecipients } from './services/telegram/telegram-recipients.ts'
import type { ActionDeps } from './services/approvals/act-on-approval.ts'
import { createCallbackSigner } from './adapters/telegram/callback-data.ts'
import { createBotUseCases } from './services/telegram/bot-use-cases.ts'
import { processTelegramInbox } from './services/telegram/update-inbox.ts'
import { webhookSecretOf } from './services/telegram/webhook-secret.ts'
import { isSameSecret } from './services/secret-compare.ts'
import { createBitrix24Services, type Bitrix24Adapters } from './services/bitrix24-services.ts'
import { processInbox, type EventHandler } from './services/event-inbox.ts'
import { portalHealth } from './services/portal-health.ts'
import { version } from './version.ts'

/** Everything the app is built from; tests pass their own store and configuration. */
export interface AppDeps {
  config: Config & { appSecret: string }
  store: Store
  clock?: Clock
  /** b24jssdk tuning (tests lower `maxRetries`) and a private CA for a self-hosted portal in webhook mode. */
  bitrix24?: { restrictionParams?: Partial<RestrictionParams>; tlsCa?: string }
  /** Bitrix24 event handlers by event code (later issues register theirs). */
  eventHandlers?: ReadonlyMap<string, EventHandler>
  /** Runs work after the answer; default: a background promise whose failure is logged (Vercel: `waitUntil`). */
  defer?: (work: Promise<unknown>) => void
  /** The built SPA's index.html; default `apps/web/dist/index.html`. */
  spaIndexFile?: string
  /** The SPA page from elsewhere, e.g. a development server (`npm run dev`); replaces `spaIndexFile`. */
  spaIndex?: () => Promise<string | null>
}

const defaultSpaIndexFile = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url))

/**
 * The default `defer`: lets `work` run on after the answer and logs its failure (the cron tick resumes what is
 * left). Returns the settled promise, for hosts that must be told to wait for it (Vercel's `waitUntil`).
 */
export function runInBackground(work: Promise<unknown>): Promise<void> {
  return work.then(
    () => undefined,
    (error: unknown) => console.error('background work failed:', error instanceof Error ? error.stack : error),
  )
}

function bitrix24Adapters(deps: AppDeps): Bitrix24Adapters {
  const b24 = deps.config.bitrix24
  const restrictionParams = deps.bitrix24?.restrictionParams
  if (b24.mode === 'oauth') {
    const connector = createB24OAuthConnector({ ...b24, restrictionParams })
    return { mode: 'oauth', clientId: b24.clientId, connector, oauthServer: createOAuthServerClient(b24) }
  }
  if (b24.mode === 'webhook') {
    const portal = createB24HookPortal({ webhookUrl: b24.webhookUrl, restrictionParams, tlsCa: deps.bitrix24?.tlsCa })
    return { mode: 'webhook', outgoingWebhookToken: b24.outgoingWebhookToken, portal }
  }
  return { mode: 'none' }
}

function telegramMessenger(deps: AppDeps, directory: PortalDirectory | undefined) {
  const telegram = deps.config.telegram
  if (!telegram) return undefined
  const { store } = deps
  const client = createTelegramClient({ token: telegram.botToken, apiRoot: telegram.apiRoot })
  const signer = createCallbackSigner(deps.config.appSecret, isSameSecret)
  // The ~30/s overall budget is shared through the store by every instance of this bot (issue 8).
  const budget = createStoreSendBudget({ store, botId: telegram.botToken.split(':')[0]!, perSecond: 30 })
  const pacer = createSendPacer({}, { budget })
  const people = createPortalPeople({ store, clock: deps.clock ?? systemClock })
  const messenger = createTelegrafMessenger({
    ...{ telegram: client, store, signer, pacer, recipients: createTelegramRecipients(store) },
    actionsFor: (card, userId) => actionsForCard(store, card, userId),
    timeZoneOf: (memberId) => portalTimeZone(store, memberId),
    progressOf: (card) => progressForCard({ store, people, directory }, card),
  })
  return { config: telegram, client, signer, pacer, messenger }
}

function telegramAdapters(deps: AppDeps, parts: ReturnType<typeof telegramMessenger>, approvals: ActionDeps) {
  if (!parts) return undefined
  const { store, config } = { store: deps.store, config: parts.config }
  const clock = deps.clock ?? systemClock
  const bridge = createTelegramApprovals({ ...approvals, appUrl: deps.config.appUrl })
  const useCases = createBotUseCases({ store, clock, approvals: bridge })
  const runtime = createTelegrafBot({
    ...{ token: config.botToken, apiRoot: config.apiRoot, telegram: parts.client },
    ...{ store, useCases, signer: parts.signer, pacer: parts.pacer },
  })
  const secret = webhookSecretOf(config, deps.config.appSecret)
  const processInbox = () => processTelegramInbox({ store, clock, runtime })
  return { runtime, secret, processInbox, defer: deps.defer ?? runInBackground, store, clock }
}

/** The largest request body any route accepts (Bitrix24 events and Telegram updates are far smaller). */
export const maxBodyBytes = 1024 * 1024

/** Builds the Hono app with every route under `/api`, the JSON error format and a body size limit. */
export function createApp(deps: AppDeps) {
  const b24 = createBitrix24Services({
    adapters: bitrix24Adapters(deps),
    store: deps.store,
    clock: deps.clock ?? systemClock,
    secretBox: createAesGcmSecretBox(deps.config.appSecret),
    appUrl: deps.config.appUrl,
    trustedServers: deps.config.bitrix24OAuthServers,
    handlers: deps.eventHandlers ?? new Map(),
  })
  const telegramParts = telegramMessenger(deps, b24.directory)
  const approvals = createApprovalServices({
    ...{ store: deps.store, clock: deps.clock ?? systemClock, directory: b24.directory },
    ...{ appUrl: deps.config.appUrl, defer: deps.defer ?? runInBackground, messenger: telegramParts?.messenger },
  })
  const telegram = telegramAdapters(deps, telegramParts, approvals.deps)
  const spaIndex = deps.spaIndex ?? createSpaIndexReader(deps.spaIndexFile ?? defaultSpaIndexFile)
  const appApi =
    b24.appAuth && b24.directory ? { auth: b24.appAuth, store: deps.store, directory: b24.directory } : undefined
  const api = new Hono()
    .use(
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: () => {
          throw new PayloadTooLargeError('PAYLOAD_TOO_LARGE', `The body is larger than ${maxBodyBytes} bytes`)
        },
      }),
      jsonDepthLimit(),
    )
    .route(
      '/',
      createHealthRoutes({
        store: deps.store,
        mode: deps.config.bitrix24.mode,
        telegramConfigured: deps.config.telegram !== undefined,
        version,
        portals: () => portalHealth(deps.store),
        detailsSecret: deps.config.cronSecret,
      }),
    )
    .route('/', createB24Routes({ ...b24, store: deps.store, defer: deps.defer ?? runInBackground, spaIndex }))
    .route('/', createAppApiRoutes(appApi))
    .route('/', createApprovalRoutes(approvals.deps))
    .route('/', createApprovalCatalogRoutes(approvals.deps))
    .route('/', createSubjectRoutes(approvals.deps))
    .route(
      '/',
      createCronRoutes({
        secret: deps.config.cronSecret,
        // The tick also resumes what the inboxes left unfinished after their answers: Bitrix24 events (issue 6)
        // and Telegram updates (issue 8).
        tick: async () => {
          await processInbox(b24.inbox)
          await telegram?.processInbox()
          return approvals.tick()
        },
      }),
    )
    .route('/', createTelegramRoutes(telegram))
    .route(
      '/',
      createAppTelegramRoutes({
        ...{ auth: b24.appAuth, store: deps.store, clock: deps.clock ?? systemClock, directory: b24.directory },
        ...{ people: approvals.deps.people, appUrl: deps.config.appUrl, telegram },
      }),
    )
  const app = new Hono().route('/api', api)
  app.onError(onError)
  app.notFound(notFound)
  return app
}

/** The app's route types, for the SPA's `hc<AppType>` client. */
export type AppType = ReturnType<typeof createApp>
