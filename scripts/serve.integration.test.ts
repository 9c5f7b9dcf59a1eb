/**
 * `npm run serve`, the production self-host: the bundle `npm run build` makes, run as its own process. Two instances
 * behind a round-robin load balancer share one Redis and take a full approval through both sandboxes, each request
 * landing on whichever instance is next; without the production settings the process refuses to start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Telegraf } from 'telegraf'
import {
  createBitrix24Sandbox,
  createTelegramSandbox,
  type Bitrix24Sandbox,
  type TelegramSandbox,
} from '../apps/sandbox/src/index.ts'
import { startRedisServer, type RedisServer } from '../apps/server/src/test-support/redis-server.ts'
import { buildServer } from './build-server.ts'
import { telegramIdOf as tg } from '../apps/server/src/test-support/telegram-stack.ts'

const MARIA = 3
const IVAN = 2
const webhookSecret = 'serve-test-webhook-secret'

/** A temp tree laid out as the repository after `npm run build`: the server bundle and the SPA's page. */
let tree: string
let redis: RedisServer
let b24: Bitrix24Sandbox
let telegram: TelegramSandbox
let balancer: { url: string; counts: number[]; server: Server; targets: string[] }
const instances: ChildProcess[] = []

/** A round-robin load balancer over `targets` (set later), counting the requests each one got. */
async function startBalancer() {
  const state = { targets: [] as string[], counts: [] as number[], next: 0 }
  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => res.writeHead(502).end(String(error)))
  })
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const index = state.next++ % state.targets.length
    state.counts[index] = (state.counts[index] ?? 0) + 1
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
    )
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const response = await fetch(`${state.targets[index]}${req.url}`, {
      ...{ method: req.method, headers, redirect: 'manual' },
      ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
    })
    const out = Object.fromEntries(
      [...response.headers].filter(([name]) => !['content-encoding', 'content-length'].includes(name)),
    )
    res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()))
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, server, counts: state.counts, targets: state.targets }
}

/** Starts `node apps/server/dist/serve.mjs` (what `npm run serve` runs) in `tree`; resolves with its URL. */
function startInstance(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--enable-source-maps', 'apps/server/dist/serve.mjs'], {
    ...{ cwd: tree, env, stdio: ['ignore', 'pipe', 'pipe'] },
  })
  instances.push(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /listens on (http:\/\/\S+)/.exec(output)?.[1]
      if (url) resolve(url.replace('localhost', '127.0.0.1'))
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)))
  })
}

function productionEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    APP_URL: balancer.url,
    APP_SECRET: randomBytes(32).toString('base64url'),
    CRON_SECRET: 'serve-test-cron-secret-0123',
    REDIS_URL: redis.url,
    BITRIX24_CLIENT_ID: b24.app.clientId,
    BITRIX24_CLIENT_SECRET: b24.app.clientSecret,
    BITRIX24_OAUTH_SERVERS: b24.oauthServerUrl,
    TELEGRAM_BOT_TOKEN: telegram.botToken,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
  }
}

beforeAll(async () => {
  tree = mkdtempSync(join(tmpdir(), 'tac-serve-'))
  await buildServer(join(tree, 'apps', 'server', 'dist'))
  // The SPA's page: its Vite entry stands in for the build (the Vercel build test serves the built SPA).
  mkdirSync(join(tree, 'apps', 'web', 'dist'), { recursive: true })
  copyFileSync(join(import.meta.dirname, '..', 'apps', 'web', 'index.html'), join(tree, 'apps/web/dist/index.html'))
  redis = await startRedisServer()
  balancer = await startBalancer()
  b24 = await createBitrix24Sandbox({ appUrl: balancer.url, rateLimit: false, ui: false })
  telegram = await createTelegramSandbox({ redelivery: { retryDelayMs: 10, timeoutMs: 5_000 } })
}, 120_000)

afterAll(async () => {
  for (const child of instances) child.kill('SIGTERM')
  await Promise.all(instances.map((child) => new Promise((resolve) => child.exitCode ?? child.once('exit', resolve))))
  balancer?.server.close()
  await telegram?.close()
  await b24?.close()
  await redis?.stop()
  if (tree) rmSync(tree, { recursive: true, force: true })
}, 30_000)

async function api(userId: number, method: string, path: string, body?: unknown) {
  const response = await fetch(`${balancer.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${b24.issueTokens(userId).access_token}`,
      'x-b24-member-id': b24.memberId,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: await response.json() }
}

describe('npm run serve', () => {
  it.each([
    [{ APP_URL: '' }, 'APP_URL'],
    [{ BITRIX24_CLIENT_ID: '', BITRIX24_CLIENT_SECRET: '' }, 'BITRIX24_CLIENT_ID'],
    [{ TELEGRAM_BOT_TOKEN: '' }, 'TELEGRAM_BOT_TOKEN'],
    [{ APP_SECRET: '' }, 'APP_SECRET'],
    [{ REDIS_URL: 'nonsense' }, 'REDIS_URL'],
    [{ STORE: 'kv' }, 'KV_REST_API_URL'],
  ])('refuses to start with %j, in one line naming %s', (unset, variable) => {
    const result = spawnSync(process.execPath, ['apps/server/dist/serve.mjs'], {
      ...{ cwd: tree, env: { ...productionEnv(), ...unset }, encoding: 'utf8', timeout: 20_000 },
    })
    expect(result.status).toBe(1)
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(`^Configuration error: ${variable} `)])
  })

  it('runs two instances on one Redis through a full approval', async () => {
    const env = productionEnv()
    // The portal part of the health answer is for the operator (CRON_SECRET bearer) only.
    const operator = { authorization: `Bearer ${env['CRON_SECRET']}` }
    balancer.targets.push(...(await Promise.all([startInstance(env), startInstance(env)])))
    await b24.install({ userId: 1 })
    await b24.flushEvents()
    for (const instance of balancer.targets) {
      await expect
        .poll(
          async () => (await (await fetch(`${instance}/api/health`, { headers: operator })).json()).portals?.connected,
          {
            timeout: 10_000,
          },
        )
        .toBe(1)
    }
    const client = new Telegraf(telegram.botToken, { telegram: { apiRoot: telegram.apiRoot } }).telegram
    await client.setWebhook(`${balancer.url}/api/telegram/webhook`, { secret_token: webhookSecret })

    // The link code is made by one instance and redeemed by the other.
    const link = await api(IVAN, 'POST', '/api/app/telegram/link')
    expect(link.status).toBe(200)
    await telegram.user(tg(IVAN)).send(`/start ${link.body.code}`)
    await telegram.idle()
    // An instance answers Telegram before it handles the update, so the link is stored a moment after delivery.
    await expect
      .poll(async () => (await api(IVAN, 'GET', '/api/app/telegram/link')).body.link?.isLinked, { timeout: 20_000 })
      .toBe(true)
    const created = await api(MARIA, 'POST', '/api/app/approvals', {
      title: 'Закупка мониторов',
      stages: [{ approverIds: [IVAN], rule: { kind: 'all' } }],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.approval.id as string
    const card = () =>
      telegram
        .chat(tg(IVAN))
        .messages()
        .find((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.callback_data?.includes(id)))
    await expect.poll(card, { timeout: 20_000 }).toBeDefined()
    await telegram.user(tg(IVAN)).press(card()!, '✅ Согласовать')
    await telegram.idle()
    await expect
      .poll(async () => (await api(MARIA, 'GET', `/api/app/approvals/${id}`)).body.approval.status, { timeout: 20_000 })
      .toBe('approved')
    await expect
      .poll(
        () =>
          b24
            .tasks()
            .filter((t) => t.DESCRIPTION.includes(`approval%5D=${id}`))
            .map((t) => t.STATUS),
        {
          timeout: 20_000,
        },
      )
      .toEqual([5])
    expect(telegram.unansweredCallbacks()).toEqual([])
    expect(balancer.counts, 'requests per instance').toEqual([expect.any(Number), expect.any(Number)])
    expect(Math.min(...balancer.counts), `requests per instance: ${balancer.counts}`).toBeGreaterThan(1)
    expect(await (await fetch(`${balancer.url}/`)).text()).toContain('<div id="app"')
  }, 120_000)
})
