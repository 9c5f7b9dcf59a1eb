/**
 * @module Telegram webhook benchmark: 1,000 real button presses (callback_query updates made by the
 * Telegram sandbox on a card whose tag does not verify, so the bot answers each with an alert and sends nothing
 * else; a decision's own cost is measured by `bench/approvals.ts`) POSTed over HTTP to `/api/telegram/webhook` — secret check, parse, `update_id` dedupe, inbox
 * write, 200 — and, in the same run, the same 1,000 bodies POSTed to a bare Hono route that only answers 200.
 * Prints p50/p99 handling time and throughput of both (their ratio is the figure), and how long the bot took to
 * run all 1,000 updates after the answers (every press answered with answerCallbackQuery).
 *
 * Run: `npm run bench:telegram` (or `npx tsx bench/telegram.ts`); `BENCH_PRESSES` changes the count. SQLite
 * in memory; sandbox rate limits off; one process (the sandbox shares the event loop).
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { Telegraf } from 'telegraf'
import { createTelegramSandbox } from '../apps/sandbox/src/telegram/index.ts'
import { buildServer, listen } from '../apps/server/src/test-support/app-server.ts'

const presses = Number(process.env.BENCH_PRESSES ?? 1000)
const secret = 'bench-webhook-secret'
const user = 700_000_001

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

/** POSTs every body in turn and returns the handling times (ms) and the throughput (requests/s). */
async function postAll(url: string, bodies: string[]) {
  const times: number[] = []
  const started = performance.now()
  for (const body of bodies) {
    const t0 = performance.now()
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body,
    })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
    times.push(performance.now() - t0)
  }
  const seconds = (performance.now() - started) / 1000
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p99: percentile(times, 99), throughput: bodies.length / seconds }
}

async function makePresses(
  sandbox: Awaited<ReturnType<typeof createTelegramSandbox>>,
  server: ReturnType<typeof buildServer>,
  webhookUrl: string,
) {
  const bot = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } }).telegram
  await bot.setWebhook(webhookUrl, { secret_token: secret, allowed_updates: ['message', 'callback_query'] })
  await sandbox.user(user).send('/help')
  await sandbox.idle()
  await server.drain()
  const card = await bot.sendMessage(user, 'card', {
    reply_markup: { inline_keyboard: [[{ text: 'Approve', callback_data: 'c1.a.AAAAAA.01JDBENCH.AAAAAAAAAAAAAAAA' }]] },
  })
  await bot.deleteWebhook()
  const bodies: string[] = []
  for (let i = 0; i < presses; i += 1) {
    const { update } = await sandbox.user(user).press(card.message_id, 'Approve')
    bodies.push(JSON.stringify(update))
  }
  return bodies
}

async function main() {
  const sandbox = await createTelegramSandbox({ limits: { isEnabled: false }, callbackAnswerWindowMs: 3_600_000 })
  const listener = await listen()
  const server = buildServer({
    APP_URL: listener.url,
    APP_SECRET: 'bench-app-secret-0123456789abcdef0123456789',
    TELEGRAM_BOT_TOKEN: sandbox.botToken,
    TELEGRAM_API_ROOT: sandbox.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: secret,
  })
  listener.use(server.app)
  const bare = new Hono().post('/api/telegram/webhook', (c) => c.json({ ok: true }, 200))
  const bareServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/api/telegram/webhook`
  try {
    const bodies = await makePresses(sandbox, server, `${listener.url}/api/telegram/webhook`)
    const bareWarm = await postAll(bareUrl, bodies.slice(0, 50))
    const started = performance.now()
    const webhook = await postAll(`${listener.url}/api/telegram/webhook`, bodies)
    await server.drain()
    const processedSeconds = (performance.now() - started) / 1000
    const bareRun = await postAll(bareUrl, bodies)
    const answered = sandbox.callbacks().filter((c) => c.answer).length
    const ms = (value: number) => `${value.toFixed(2)} ms`
    console.log(`Telegram webhook, ${presses} presses over HTTP, one at a time (warm-up ${bareWarm.p50.toFixed(2)} ms)`)
    console.log(
      `  /api/telegram/webhook: p50 ${ms(webhook.p50)}, p99 ${ms(webhook.p99)}, ${webhook.throughput.toFixed(0)} req/s`,
    )
    console.log(
      `  bare Hono 200 route:   p50 ${ms(bareRun.p50)}, p99 ${ms(bareRun.p99)}, ${bareRun.throughput.toFixed(0)} req/s`,
    )
    console.log(
      `  ratio webhook / bare:  p50 ×${(webhook.p50 / bareRun.p50).toFixed(1)}, throughput ×${(bareRun.throughput / webhook.throughput).toFixed(1)} lower`,
    )
    console.log(
      `  all ${presses} updates run by the bot ${processedSeconds.toFixed(1)} s after the first POST; callbacks answered: ${answered}/${presses + 0}`,
    )
  } finally {
    await new Promise((resolve) => bareServer.close(resolve))
    await listener.close()
    await sandbox.close()
    await server.store.close()
  }
}

await main()
