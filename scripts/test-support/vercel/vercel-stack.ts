/**
 * @module A built Vercel output running as on Vercel, with everything it talks to on this machine: the KV store
 * (`@vercel/kv` over the Upstash REST protocol, through the in-repo proxy in front of a real `redis-server`), the
 * Bitrix24 sandbox portal and the Telegram sandbox, all reached by configuration only. Used by the build test and
 * `npm run bench:cold-start`.
 */
import { randomBytes } from 'node:crypto'
import { Telegraf } from 'telegraf'
import {
  createBitrix24Sandbox,
  createTelegramSandbox,
  type Bitrix24Sandbox,
  type TelegramSandbox,
} from '../../../apps/sandbox/src/index.ts'
import type { JsonBody } from '../../../apps/server/src/test-support/approval-harness.ts'
import { startRedisServer, type RedisServer } from '../../../apps/server/src/test-support/redis-server.ts'
import { startUpstashProxy, type UpstashProxy } from '../../../apps/server/src/test-support/upstash-proxy.ts'
import { startEdge, startFunctionHost, type BuiltOutput, type Edge, type FunctionHost } from './vercel-output.ts'

/** A running deployment. */
export interface VercelStack {
  edge: Edge
  b24: Bitrix24Sandbox
  telegram: TelegramSandbox
  /** The deployment's environment, as set in the Vercel project. */
  env: Record<string, string>
  /** The instance behind the edge (after {@link VercelStack.startInstance}). */
  instance(): FunctionHost
  /** Starts a fresh instance (a cold start) with `env` and puts it behind the edge, stopping the previous one. */
  startInstance(env?: Record<string, string>): Promise<FunctionHost>
  /** Waits until the sandboxes have delivered everything and the instance's `waitUntil` work has settled. */
  idle(): Promise<void>
  /** Calls the SPA API as a sandbox portal user, with a frame access token; the JSON body is parsed. */
  api(userId: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: JsonBody }>
  /** Registers the Telegram webhook with the deployment, as `npm run telegram:setup` does. */
  setWebhook(): Promise<void>
  close(): Promise<void>
}

/** The webhook secret and the cron bearer of the deployment. */
export const stackSecrets = {
  webhook: 'vercel-stack-webhook-secret',
  cron: 'vercel-stack-cron-secret-0123456789',
}

/**
 * Starts the store, the sandboxes and the edge for `output` (no instance yet).
 * @throws Error naming the missing package when `redis-server` is not installed.
 */
export async function startVercelStack(output: BuiltOutput): Promise<VercelStack> {
  const parts: { redis?: RedisServer; kv?: UpstashProxy; edge?: Edge; b24?: Bitrix24Sandbox; tg?: TelegramSandbox } = {}
  let current: FunctionHost | undefined
  const close = async () => {
    await current?.stop()
    await parts.edge?.close()
    await parts.tg?.close()
    await parts.b24?.close()
    await parts.kv?.close()
    await parts.redis?.stop()
  }
  try {
    const kvToken = randomBytes(16).toString('hex')
    parts.redis = await startRedisServer()
    parts.kv = await startUpstashProxy({ redisPort: parts.redis.port, token: kvToken })
    const edge = (parts.edge = await startEdge(output.outputDir))
    const b24 = (parts.b24 = await createBitrix24Sandbox({ appUrl: edge.url, rateLimit: false, ui: false }))
    const telegram = (parts.tg = await createTelegramSandbox({ redelivery: { retryDelayMs: 10, timeoutMs: 5_000 } }))
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      VERCEL: '1',
      VERCEL_ENV: 'production',
      VERCEL_URL: new URL(edge.url).host,
      APP_URL: edge.url,
      APP_SECRET: randomBytes(32).toString('base64url'),
      CRON_SECRET: stackSecrets.cron,
      KV_REST_API_URL: parts.kv.url,
      KV_REST_API_TOKEN: kvToken,
      BITRIX24_CLIENT_ID: b24.app.clientId,
      BITRIX24_CLIENT_SECRET: b24.app.clientSecret,
      BITRIX24_OAUTH_SERVERS: b24.oauthServerUrl,
      TELEGRAM_BOT_TOKEN: telegram.botToken,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: stackSecrets.webhook,
    }
    const stack: VercelStack = {
      ...{ edge, b24, telegram, env, close },
      instance: () => current ?? raise('no instance started'),
      async startInstance(instanceEnv = env) {
        await current?.stop()
        current = await startFunctionHost(output.functionDir, instanceEnv)
        edge.use(current)
        return current
      },
      async idle() {
        for (let round = 0; round < 3; round++) {
          await b24.flushEvents()
          await telegram.idle()
          await current?.idle()
        }
      },
      async api(userId, method, path, body) {
        const headers: Record<string, string> = {
          authorization: `Bearer ${b24.issueTokens(userId).access_token}`,
          'x-b24-member-id': b24.memberId,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        }
        const init = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }
        const response = await fetch(`${edge.url}${path}`, init)
        await stack.idle()
        return { status: response.status, body: await response.json() }
      },
      async setWebhook() {
        const client = new Telegraf(telegram.botToken, { telegram: { apiRoot: telegram.apiRoot } }).telegram
        await client.setWebhook(`${edge.url}/api/telegram/webhook`, {
          secret_token: stackSecrets.webhook,
          allowed_updates: ['message', 'callback_query', 'my_chat_member'],
        })
      },
    }
    return stack
  } catch (error) {
    await close()
    throw error
  }
}

function raise(message: string): never {
  throw new Error(message)
}
