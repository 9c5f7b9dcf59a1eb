/**
 * @module Test harness (imported by tests and benches only): the app server on 127.0.0.1 with the Telegram sandbox (and, when
 * asked, the Bitrix24 sandbox with the app installed), wired through the composition root with sandbox URLs as
 * configuration, and the webhook registered with real telegraf.
 */
import { Telegraf } from 'telegraf'
import { createTelegramSandbox, type TelegramSandbox, type TgUser } from '../../../sandbox/src/telegram/index.ts'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { buildServer, listen, oauthEnv, startSandbox, type Listener, type TestServer } from './app-server.ts'
import type { Clock } from '../ports/clock.ts'
import type { Store } from '../ports/store.ts'
import type { JsonBody } from './approval-harness.ts'
import { selfSignedCert } from './self-signed-cert.ts'

/** The webhook secret the fixture configures. */
export const testWebhookSecret = 'test-webhook-secret_0123'

/** The Telegram user id the stack gives portal user `userId` when it links them. */
export const telegramIdOf = (userId: number) => 700_000_000 + userId

/** A running stack. */
export interface TelegramStack {
  listener: Listener
  telegram: TelegramSandbox
  b24: Bitrix24Sandbox | undefined
  server: TestServer
  env: Record<string, string>
  /** Runs `action` (a simulated user's step), then waits for the work deferred after the webhook answers. */
  act<T>(action: () => Promise<T>): Promise<T>
  /** Calls the SPA API as a Bitrix24 sandbox user; the JSON body is parsed. */
  api(userId: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: JsonBody }>
  /** Links a sandbox person (Bitrix24 user id; Telegram id 700000000 + id) through the app's deep link. */
  link(userId: number): Promise<void>
  close(): Promise<void>
}

/** Webhook mode's variables: the admin's incoming webhook and an outgoing webhook for `events`. */
function webhookEnv(b24: Bitrix24Sandbox, appUrl: string, events: string[]) {
  return {
    BITRIX24_WEBHOOK_URL: b24.webhookUrl(1),
    BITRIX24_OUTGOING_WEBHOOK_TOKEN: b24.addOutgoingWebhook(`${appUrl}/api/b24/events`, events),
  }
}

/** Starts the stack; `store` replaces the in-memory SQLite store (e.g. a flaky wrapper). */
export async function startTelegramStack(
  options: {
    store?: Store
    withBitrix24?: boolean
    /**
     * Webhook mode instead of an installed app: the sandbox portal over TLS, an incoming webhook of its admin and
     * an outgoing webhook delivering these events to the app (issue #19).
     */
    webhookEvents?: string[]
    telegramUsers?: TgUser[]
    env?: Record<string, string>
    /** The built SPA's index.html (browser tests). */
    spaIndexFile?: string
    /** The app's clock (a manual one moves quiet hours and digests along). */
    clock?: Clock
  } = {},
): Promise<TelegramStack> {
  const listener = await listen()
  const telegram = await createTelegramSandbox({
    redelivery: { retryDelayMs: 10, timeoutMs: 5_000 },
    ...(options.telegramUsers ? { users: options.telegramUsers } : {}),
  })
  const tls = options.webhookEvents ? selfSignedCert() : undefined
  const b24 = options.withBitrix24 || tls ? await startSandbox(listener.url, tls ? { tls } : {}) : undefined
  const plain = { APP_URL: listener.url, APP_SECRET: 'test-app-secret-0123456789abcdef0123456789' }
  const base =
    b24 && tls
      ? { ...plain, ...webhookEnv(b24, listener.url, options.webhookEvents!) }
      : b24
        ? oauthEnv(b24, listener.url)
        : plain
  const env = {
    ...base,
    TELEGRAM_BOT_TOKEN: telegram.botToken,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: testWebhookSecret,
    ...options.env,
  }
  const server = buildServer(env, {
    ...(options.store ? { store: options.store } : {}),
    ...(options.spaIndexFile ? { spaIndexFile: options.spaIndexFile } : {}),
    ...(tls ? { bitrix24: { tlsCa: tls.cert, restrictionParams: { maxRetries: 1 } } } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  })
  listener.use(server.app)
  if (b24 && !tls) {
    await b24.install({ userId: 1 })
    await b24.flushEvents()
    await server.drain()
  }
  await new Telegraf(telegram.botToken, { telegram: { apiRoot: telegram.apiRoot } }).telegram.setWebhook(
    `${listener.url}/api/telegram/webhook`,
    { secret_token: testWebhookSecret, allowed_updates: ['message', 'callback_query', 'my_chat_member'] },
  )
  const stack: TelegramStack = {
    ...{ listener, telegram, b24, server, env },
    async act(action) {
      const result = await action()
      await telegram.idle()
      await server.drain()
      return result
    },
    async api(userId, method, path, body) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${b24!.issueTokens(userId).access_token}`,
        'x-b24-member-id': b24!.memberId,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      }
      const init = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }
      const response = await server.app.request(path, init)
      await server.drain()
      return { status: response.status, body: await response.json() }
    },
    async link(userId) {
      const { body } = await stack.api(userId, 'POST', '/api/app/telegram/link')
      await stack.act(() => telegram.user(telegramIdOf(userId)).send(`/start ${body.code}`))
    },
    async close() {
      await telegram.close()
      await b24?.close()
      await listener.close()
      await server.store.close()
    },
  }
  return stack
}
