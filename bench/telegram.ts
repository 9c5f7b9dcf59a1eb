/**
 * @module Telegram webhook benchmark: 1,000 real button presses (callback_query updates made by the
 * Telegram sandbox on a card whose tag does not verify, so the bot answers each with an alert and sends nothing
 * else; a decision's own cost is measured by `bench/approvals.ts`) POSTed over HTTP to `/api/telegram/webhook` — secret check, parse, `update_id` dedupe, inbox
 * write, 200 — and, in the same run, the same 1,000 bodies POSTed to a bare Hono route that only answers 200.
 * Prints p50/p99 handling time and throughput of both (their ratio is the figure), and how long the bot took to
 * run all 1,000 updates after the answers (every press answered with answerCallbackQuery).
 *
 * The second variant (issue #22) presses real, valid buttons that decide: `BENCH_PRESSES` approvals, each with
 * one approver (the five seed approvers in turn), started in the app with the Bitrix24 sandbox installed, and each
 * card's signed Approve pressed; the decisions and their write-back run in the same process while the presses are
 * POSTed, and the same bodies go to the bare route right after. Goal: webhook p50 ≤ 2× the bare route, p99 ≤ 10 ms.
 *
 * Run: `npm run bench:telegram` (or `npx tsx bench/telegram.ts`); `BENCH_PRESSES` changes the count;
 * `BENCH_VARIANT=tag` or `deciding` runs one variant only. SQLite in memory; sandbox rate limits off; one process (the sandbox shares the event loop).
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { Telegraf } from 'telegraf'
import { createTelegramSandbox } from '../apps/sandbox/src/telegram/index.ts'
import { buildServer, listen } from '../apps/server/src/test-support/app-server.ts'
import { startTelegramStack, telegramIdOf, testWebhookSecret } from '../apps/server/src/test-support/telegram-stack.ts'

const presses = Number(process.env.BENCH_PRESSES ?? 1000)
const secret = 'bench-webhook-secret'
const user = 700_000_001

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

/** POSTs every body in turn and returns the handling times (ms) and the throughput (requests/s). */
async function postAll(url: string, bodies: string[], token = secret) {
  const times: number[] = []
  const started = performance.now()
  for (const body of bodies) {
    const t0 = performance.now()
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token },
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
  const bare = await bareRoute()
  const bareUrl = bare.url
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
    await bare.close()
    await listener.close()
    await sandbox.close()
    await server.store.close()
  }
}

/** A bare Hono route that only answers 200, on its own port; returns its URL and a closer. */
async function bareRoute() {
  const bare = new Hono().post('/api/telegram/webhook', (c) => c.json({ ok: true }, 200))
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/telegram/webhook`
  return { url, close: () => new Promise((resolve) => server.close(resolve)) }
}

/** The variant whose buttons verify and decide: one approval per press, decided while the presses go on. */
async function deciding() {
  const approvers = [2, 6, 7, 8, 9]
  const initiator = 3
  const stack = await startTelegramStack({ withBitrix24: true })
  const bare = await bareRoute()
  try {
    stack.telegram.knobs.setLimits({ isEnabled: false })
    stack.telegram.knobs.setCallbackAnswerWindow(3_600_000)
    for (const userId of [initiator, ...approvers]) await stack.link(userId)
    const ids: { id: string; approver: number }[] = []
    for (let i = 0; i < presses; i += 1) {
      const approver = approvers[i % approvers.length]!
      const stages = [{ approverIds: [approver], rule: { kind: 'all' } }]
      const res = await stack.api(initiator, 'POST', '/api/app/approvals', { title: `Нажатие ${i}`, stages })
      if (res.status !== 201) throw new Error(`start answered ${res.status}`)
      ids.push({ id: res.body.approval.id as string, approver })
    }
    await stack.telegram.idle()
    await stack.server.drain()
    const bot = new Telegraf(stack.telegram.botToken, { telegram: { apiRoot: stack.telegram.apiRoot } }).telegram
    await bot.deleteWebhook()
    const bodies: string[] = []
    for (const approver of approvers) {
      const cards = stack.telegram
        .chat(telegramIdOf(approver))
        .messages()
        .filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.callback_data?.startsWith('c2.a.')))
      for (const card of cards) {
        const button = card.reply_markup!.inline_keyboard.flat().find((b) => b.callback_data?.startsWith('c2.a.'))!
        const { update } = await stack.telegram.user(telegramIdOf(approver)).press(card, button.text)
        bodies.push(JSON.stringify(update))
      }
    }
    if (bodies.length !== presses) throw new Error(`${bodies.length} of ${presses} cards to press`)
    const webhookUrl = `${stack.listener.url}/api/telegram/webhook`
    await postAll(bare.url, bodies.slice(0, 50), testWebhookSecret)
    const started = performance.now()
    const webhook = await postAll(webhookUrl, bodies, testWebhookSecret)
    await stack.server.drain()
    const decidedSeconds = (performance.now() - started) / 1000
    const bareRun = await postAll(bare.url, bodies, testWebhookSecret)
    let decided = 0
    for (const { id } of ids) {
      const res = await stack.api(initiator, 'GET', `/api/app/approvals/${id}`)
      if (res.body.approval.status === 'approved') decided += 1
    }
    const ms = (value: number) => `${value.toFixed(2)} ms`
    console.log(`Telegram webhook, ${presses} presses of valid Approve buttons that decide (one approval each)`)
    console.log(
      `  /api/telegram/webhook: p50 ${ms(webhook.p50)}, p99 ${ms(webhook.p99)}, ${webhook.throughput.toFixed(0)} req/s`,
    )
    console.log(
      `  bare Hono 200 route:   p50 ${ms(bareRun.p50)}, p99 ${ms(bareRun.p99)}, ${bareRun.throughput.toFixed(0)} req/s`,
    )
    console.log(`  ratio webhook / bare:  p50 ×${(webhook.p50 / bareRun.p50).toFixed(1)} (goal ≤ 2, p99 ≤ 10 ms)`)
    console.log(
      `  approvals decided: ${decided}/${presses}, all decided and written back ${decidedSeconds.toFixed(1)} s after the first POST`,
    )
  } finally {
    await bare.close()
    await stack.close()
  }
}

const variant = process.env.BENCH_VARIANT ?? 'both'
if (variant !== 'deciding') await main()
if (variant !== 'tag') await deciding()
