/**
 * @module `createTelegramSandbox`: an offline Telegram Bot API with simulated users and a phone view, served
 * over real HTTP so telegraf (`telegram.apiRoot`) talks to it exactly as to api.telegram.org.
 */
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { BotApi, createBotApiRoutes } from './bot-api.ts'
import { createMethodTable } from './methods/method-table.ts'
import { createPhoneViewRoutes } from './phone-view/phone-view-routes.ts'
import type { RateLimits } from './rate-limiter.ts'
import { SandboxState } from './sandbox-state.ts'
import { type TelegramSandbox, createSandboxHandle, findSimulatedUser } from './sandbox-handle.ts'
import { seedTelegramUsers } from './seed-users.ts'
import { type RedeliveryPolicy, WebhookDelivery } from './webhook-delivery.ts'
import type { TgUser } from './wire-types.ts'

/** Options of {@link createTelegramSandbox}; every field has a default. */
export interface TelegramSandboxOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Interface to listen on (default 127.0.0.1). */
  host?: string
  /** The one bot token the API accepts (`<bot id>:<secret>`). */
  botToken?: string
  botUsername?: string
  botFirstName?: string
  /** Simulated users (default: the twelve seed people). */
  users?: TgUser[]
  limits?: Partial<RateLimits>
  redelivery?: Partial<RedeliveryPolicy>
  /** How long after a press `answerCallbackQuery` is still accepted (default 15 s). */
  callbackAnswerWindowMs?: number
  /** The bot may write only to users who wrote first, as in Telegram (default true). */
  requiresStart?: boolean
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number
}

const DEFAULT_TOKEN = '7000000001:AAH-sandbox-approval-cloud-bot-0001'

function listen(app: Hono, port: number, host: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    )
    server.once('error', reject)
  })
}

/** Starts a Telegram sandbox on `host:port`. */
export async function createTelegramSandbox(options: TelegramSandboxOptions = {}): Promise<TelegramSandbox> {
  const state = new SandboxState({
    botToken: options.botToken ?? DEFAULT_TOKEN,
    botUsername: options.botUsername ?? 'approval_sandbox_bot',
    botFirstName: options.botFirstName ?? 'Approvals (sandbox)',
    users: options.users ?? seedTelegramUsers(),
    now: options.now ?? Date.now,
    ...(options.limits ? { limits: options.limits } : {}),
    callbackAnswerWindowMs: options.callbackAnswerWindowMs ?? 15_000,
    requiresStart: options.requiresStart ?? true,
  })
  const executeReply = async (method: string, params: Record<string, unknown>) => {
    await api.callMethod(method, params)
  }
  const delivery = new WebhookDelivery(state, executeReply, options.redelivery)
  const api = new BotApi(state, createMethodTable(delivery))
  const app = new Hono()
    .route(
      '/',
      createPhoneViewRoutes(state, (id) => findSimulatedUser(state, id)),
    )
    .route('/', createBotApiRoutes(state, api))
  const host = options.host ?? '127.0.0.1'
  const { server, port } = await listen(app, options.port ?? 0, host)
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return createSandboxHandle({ state, delivery, origin, close: () => closeSandbox(server, delivery, state) })
}

async function closeSandbox(server: ServerType, delivery: WebhookDelivery, state: SandboxState): Promise<void> {
  delivery.stop()
  state.updates.dropAll()
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    if ('closeAllConnections' in server) server.closeAllConnections()
  })
}
