/**
 * @module Throughput benchmark at the platforms' real limits: the Bitrix24 sandbox paces each portal at 2 requests/s
 * (burst 50, 503 `QUERY_LIMIT_EXCEEDED` beyond), the Telegram sandbox at 30 messages/s overall and 1/s per chat
 * (429 with `retry_after` beyond), and the app uses the SDK's default pacing, as in production.
 *
 * Run 1: `BENCH_APPROVALS` (1,000) approvals × 5 approvers on one portal. Every approver card is delivered to
 * Telegram, then every approver presses its card's real signed Approve button, the presses going through the
 * Telegram webhook as fast as it takes them (8 at a time). Run 2: `BENCH_PORTALS` (20) portals at once, each with
 * `BENCH_PORTAL_APPROVALS` (50) approvals, decided the same way.
 *
 * Prints: decisions per second the webhook accepted; the time from the first press until every write-back is in
 * Bitrix24 (each approver's task completed) and the write-back commands per second; portal requests used and
 * commands per request; Telegram messages per second and the 429s seen (and any send inside a `retry_after`);
 * tasks lost or duplicated; and in run 2 each portal's time until its write-back was in, the slowest against the
 * median. Goals (issue #22): ≥ 90 commands/s per portal, ≥ 27 Telegram messages/s, 0 lost, 0 duplicated, slowest
 * portal ≤ 2× the median.
 *
 * Run: `npm run bench:throughput` (or `npx tsx bench/throughput.ts`); `BENCH_PORTALS=0` skips run 2,
 * `BENCH_APPROVALS=0` skips run 1. CPU-heavy: every sandbox, the app server and the bench share one event loop.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Telegraf } from 'telegraf'
import type { Bitrix24Sandbox } from '../apps/sandbox/src/bitrix24/index.ts'
import { createTelegramSandbox, type TgMessage } from '../apps/sandbox/src/telegram/index.ts'
import { openSqliteStore } from '../apps/server/src/adapters/store/sqlite/sqlite-store.ts'
import { systemClock } from '../apps/server/src/ports/clock.ts'
import { issueLinkCode } from '../apps/server/src/services/telegram/link-codes.ts'
import { addPortalUsers } from '../apps/server/src/test-support/approval-harness.ts'
import {
  buildServer,
  listen,
  oauthEnv,
  startSandbox,
  type TestServer,
} from '../apps/server/src/test-support/app-server.ts'

const singleApprovals = Number(process.env.BENCH_APPROVALS ?? 1000)
const portalCount = Number(process.env.BENCH_PORTALS ?? 20)
const perPortalApprovals = Number(process.env.BENCH_PORTAL_APPROVALS ?? 50)
const approversPerApproval = 5
/** Cards per approver at most, so Telegram's 1 message/s per chat is not what the run measures. */
const cardsPerApprover = 20
const pressConcurrency = 8
const webhookSecret = 'bench-webhook-secret'
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One portal of a run: its sandbox, its people (Telegram ids unique across portals) and its approvals. */
interface BenchPortal {
  index: number
  sandbox: Bitrix24Sandbox
  initiators: number[]
  approvers: number[]
  approvals: number
  /** When every task of its approvals was completed (ms after the first press). */
  doneAfterMs?: number
  requests: number
  commands: number
  refused: number
  /** Requests by method (`batch` by the method of its first command). */
  methods: Map<string, number>
}

const telegramIdOf = (portal: BenchPortal, userId: number) => 800_000_000 + portal.index * 100_000 + userId

/** Adds a portal's people: initiators and approvers enough that nobody gets more than {@link cardsPerApprover}. */
function planPortal(index: number, sandbox: Bitrix24Sandbox, approvals: number): BenchPortal {
  const approverCount = Math.max(approversPerApproval, Math.ceil((approvals * approversPerApproval) / cardsPerApprover))
  const initiators = addPortalUsers(sandbox, Math.max(1, Math.ceil(approvals / cardsPerApprover)))
  const approvers = addPortalUsers(sandbox, approverCount)
  return { index, sandbox, initiators, approvers, approvals, requests: 0, commands: 0, refused: 0, methods: new Map() }
}

/**
 * Starts the app, `count` portals that installed it (one application), each with people for `approvals`
 * approvals, and the Telegram sandbox with every one of them linked to the bot.
 */
async function startWorld(count: number, approvals: number, dir: string) {
  const listener = await listen()
  const sandboxes: Bitrix24Sandbox[] = []
  for (let i = 0; i < count; i += 1) sandboxes.push(await startSandbox(listener.url))
  const first = sandboxes[0]!
  for (const s of sandboxes) Object.assign(s.portal.state.app, first.app)
  const portals = sandboxes.map((s, i) => planPortal(i, s, approvals))
  const people = portals.flatMap((p) => [...p.initiators, ...p.approvers].map((userId) => ({ p, userId })))
  const telegram = await createTelegramSandbox({
    redelivery: { retryDelayMs: 100, timeoutMs: 60_000 },
    callbackAnswerWindowMs: 3_600_000,
    limits: { isEnabled: false },
    users: people.map(({ p, userId }) => ({
      id: telegramIdOf(p, userId),
      is_bot: false,
      first_name: `Тест${userId}`,
      language_code: 'ru',
    })),
  })
  const env = {
    ...oauthEnv(first, listener.url),
    BITRIX24_OAUTH_SERVERS: sandboxes.map((s) => s.oauthServerUrl).join(','),
    TELEGRAM_BOT_TOKEN: telegram.botToken,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
  }
  const store = openSqliteStore({ file: join(dir, `store-${count}.sqlite`) })
  // The SDK's default pacing (Bitrix24's 2 requests/s, burst 50) and retries, as in production.
  const server = buildServer(env, { store, bitrix24: { restrictionParams: {} } })
  listener.use(server.app)
  for (const s of sandboxes) {
    await s.install({ userId: 1 })
    await s.flushEvents()
  }
  await server.drain()
  const bot = new Telegraf(telegram.botToken, { telegram: { apiRoot: telegram.apiRoot } }).telegram
  await bot.setWebhook(`${listener.url}/api/telegram/webhook`, {
    secret_token: webhookSecret,
    allowed_updates: ['message', 'callback_query'],
  })
  for (const { p, userId } of people) {
    const claim = { memberId: p.sandbox.memberId, portalDomain: p.sandbox.domain, userId, userName: `#${userId}` }
    const { code } = await issueLinkCode({ store, clock: systemClock }, claim)
    await telegram.user(telegramIdOf(p, userId)).send(`/start ${code}`)
  }
  await telegram.idle()
  await server.drain()
  return {
    listener,
    telegram,
    server,
    portals,
    async close() {
      await telegram.close()
      for (const s of sandboxes) await s.close()
      await listener.close()
      await store.close()
    },
  }
}
type World = Awaited<ReturnType<typeof startWorld>>

/** Starts refused with 429 while the portal was at its limit (the SPA shows the error; the bench tries again). */
let startsRefused = 0

/**
 * Each user's access token, as the portal frame holds it: one per user for its hour, not a new one per request
 * (a new token costs the portal a `batch(app.info, profile)` check; a known one is answered from the verdict cache).
 */
const frameTokens = new Map<string, string>()
function frameToken(portal: BenchPortal, userId: number): string {
  const key = `${portal.index}:${userId}`
  let token = frameTokens.get(key)
  if (!token) frameTokens.set(key, (token = portal.sandbox.issueTokens(userId).access_token))
  return token
}

/** Starts an approval through the SPA API as a portal user, without waiting for the work it deferred. */
async function api(server: TestServer, portal: BenchPortal, userId: number, path: string, body: unknown) {
  for (;;) {
    const response = await server.app.request(path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${frameToken(portal, userId)}`,
        'x-b24-member-id': portal.sandbox.memberId,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    })
    if (response.status === 201) return
    if (response.status !== 429) throw new Error(`start answered ${response.status}: ${await response.text()}`)
    startsRefused += 1
    await pause(1_000)
  }
}

const approveData = (m: TgMessage) =>
  m.reply_markup?.inline_keyboard.flat().find((b) => b.callback_data?.startsWith('c2.a.'))

/** Counts each portal's REST requests and commands (the sandbox keeps only its last 5,000 log entries). */
function countRequests(portals: BenchPortal[]) {
  for (const p of portals) {
    const log = p.sandbox.portal.restLog
    for (const r of log.splice(0)) {
      if (r.transport !== 'oauth') continue
      p.requests += 1
      if (r.status === 503) p.refused += 1
      const cmd = (r.params as { cmd?: Record<string, string> }).cmd
      p.commands += cmd ? Object.keys(cmd).length : 1
      const name = cmd ? `batch(${Object.values(cmd)[0]?.split('?')[0]})` : r.method
      p.methods.set(name, (p.methods.get(name) ?? 0) + 1)
    }
  }
}

/** The app's approver tasks in the portal: how many, how many completed, and how many places got two. */
function taskCounts(portal: BenchPortal) {
  const approvers = new Set(portal.approvers)
  const tasks = portal.sandbox.portal.state.tasks.filter((t) => approvers.has(t.RESPONSIBLE_ID))
  const places = new Map<string, number>()
  for (const t of tasks)
    places.set(`${t.TITLE}:${t.RESPONSIBLE_ID}`, (places.get(`${t.TITLE}:${t.RESPONSIBLE_ID}`) ?? 0) + 1)
  const duplicated = [...places.values()].reduce((sum, n) => sum + n - 1, 0)
  return { created: tasks.length, completed: tasks.filter((t) => t.STATUS === 5).length, duplicated }
}

/**
 * Runs the cron tick every 5 s while `isDone` is false (it resumes outbox runs a busy moment gave up on; in
 * production it runs every minute).
 */
async function tickUntil(world: World, portals: BenchPortal[], isDone: () => boolean, limitMs: number) {
  const until = Date.now() + limitMs
  while (!isDone() && Date.now() < until) {
    countRequests(portals)
    await world.server.app.request('/api/cron/tick', { method: 'POST' })
    for (let i = 0; i < 10 && !isDone(); i += 1) await pause(500)
  }
  countRequests(portals)
}

/** Starts every portal's approvals, waits for every card, presses every Approve, and waits for the write-back. */
async function run(world: World, portals: BenchPortal[]) {
  const tg = world.telegram
  for (const p of portals) p.sandbox.setRateLimit({ burstLimit: 50, drainRate: 2 })
  tg.knobs.setLimits({ isEnabled: true })
  const callsBefore = tg.calls().length
  countRequests(portals)
  for (const p of portals) {
    p.requests = p.commands = p.refused = 0
    p.methods.clear()
  }
  startsRefused = 0
  const began = performance.now()
  let started = 0
  const total = portals.reduce((sum, p) => sum + p.approvals, 0)
  for (let i = 0; started < total; i += 1) {
    for (const p of portals) {
      if (i >= p.approvals) continue
      const approverIds = Array.from(
        { length: approversPerApproval },
        (_, k) => p.approvers[(i * approversPerApproval + k) % p.approvers.length]!,
      )
      const title = `Счёт ${p.index}-${i}`
      const stages = [{ approverIds, rule: { kind: 'all' } }]
      await api(world.server, p, p.initiators[i % p.initiators.length]!, '/api/app/approvals', { title, stages })
      started += 1
    }
  }
  const startedMs = performance.now() - began
  const cards = () =>
    portals.flatMap((p) =>
      p.approvers.flatMap((u) =>
        tg
          .chat(telegramIdOf(p, u))
          .messages()
          .filter((m) => approveData(m))
          .map((m) => ({ user: telegramIdOf(p, u), message: m })),
      ),
    )
  const expectedCards = total * approversPerApproval
  await tickUntil(world, portals, () => cards().length >= expectedCards, 1_800_000)
  const cardsMs = performance.now() - began
  const toPress = cards()
  if (toPress.length !== expectedCards) throw new Error(`${toPress.length} of ${expectedCards} cards delivered`)

  const pressedAt = performance.now()
  let next = 0
  const presser = async () => {
    while (next < toPress.length) {
      const card = toPress[next++]!
      const text = approveData(card.message)!.text
      await tg.user(card.user).press(card.message, text)
    }
  }
  await Promise.all(Array.from({ length: pressConcurrency }, presser))
  const pressSeconds = (performance.now() - pressedAt) / 1000
  const isWritten = (p: BenchPortal) => {
    const done = taskCounts(p).completed >= p.approvals * approversPerApproval
    if (done) p.doneAfterMs ??= performance.now() - pressedAt
    return done
  }
  await tickUntil(world, portals, () => portals.map(isWritten).every(Boolean), 1_800_000)
  await world.server.drain()
  const writtenSeconds = (performance.now() - pressedAt) / 1000
  // Card edits after the last decision (each card closed with its outcome).
  const isClosed = () => cards().length === 0
  await tickUntil(world, portals, isClosed, 600_000)
  const telegramDoneSeconds = (performance.now() - pressedAt) / 1000

  const calls = tg.calls().slice(callsBefore)
  const messages = calls.filter((c) => c.ok && (c.method === 'sendMessage' || c.method.startsWith('editMessage')))
  const limited = calls.filter((c) => c.error_code === 429)
  const insideRetryAfter = limited.flatMap((l) => {
    const retryAfterMs = Number(/retry after (\d+)/.exec(l.description ?? '')?.[1] ?? 0) * 1_000
    return calls.filter((c) => c !== l && c.at > l.at + 300 && c.at < l.at + retryAfterMs - 50)
  })
  const span = messages.length > 1 ? (messages.at(-1)!.at - messages[0]!.at) / 1000 : 1
  const requests = portals.reduce((sum, p) => sum + p.requests, 0)
  const commands = portals.reduce((sum, p) => sum + p.commands, 0)
  const refused = portals.reduce((sum, p) => sum + p.refused, 0)
  const counts = portals.map(taskCounts)
  const expectedTasks = expectedCards
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  console.log(
    `  approvals started: ${total} in ${s(startedMs)} (${startsRefused} starts refused with 429, tried again); every approver card in Telegram after ${s(cardsMs)}`,
  )
  console.log(
    `  decisions accepted by the webhook: ${toPress.length} in ${pressSeconds.toFixed(1)} s → ${(toPress.length / pressSeconds).toFixed(0)}/s`,
  )
  console.log(
    `  every write-back in Bitrix24 ${writtenSeconds.toFixed(1)} s after the first press; every card closed after ${telegramDoneSeconds.toFixed(1)} s`,
  )
  console.log(
    `  portal requests: ${requests} (${refused} refused with 503), ${commands} commands → ${(commands / Math.max(1, requests)).toFixed(1)} per request; ${(((commands / (performance.now() - began)) * 1000) / portals.length).toFixed(1)} commands/s per portal over the whole run`,
  )
  const methods = new Map<string, number>()
  for (const p of portals) for (const [m, n] of p.methods) methods.set(m, (methods.get(m) ?? 0) + n)
  console.log(`    by method: ${[...methods].map(([m, n]) => `${m} ${n}`).join(', ')}`)
  console.log(
    `  Telegram: ${messages.length} messages (sends + edits) in ${span.toFixed(1)} s → ${(messages.length / span).toFixed(1)}/s; 429s seen ${limited.length}, calls inside a retry_after ${insideRetryAfter.length}`,
  )
  console.log(
    `  tasks: ${counts.reduce((n, c) => n + c.created, 0)} created of ${expectedTasks}, ${counts.reduce((n, c) => n + c.completed, 0)} completed; lost ${expectedTasks - counts.reduce((n, c) => n + c.completed, 0)}, duplicated ${counts.reduce((n, c) => n + c.duplicated, 0)}`,
  )
  return { writtenSeconds, pressedAt }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-throughput-'))
  try {
    if (singleApprovals > 0) {
      const world = await startWorld(1, singleApprovals, dir)
      console.log(
        `run 1: ${singleApprovals} approvals × ${approversPerApproval} approvers on one portal (Bitrix24 2 req/s burst 50; Telegram 30/s, 1/s per chat)`,
      )
      await run(world, world.portals)
      await world.close()
    }
    if (portalCount > 0) {
      const world = await startWorld(portalCount, perPortalApprovals, dir)
      const portals = world.portals
      console.log(
        `run 2: ${portalCount} portals at once, ${perPortalApprovals} approvals × ${approversPerApproval} each`,
      )
      await run(world, portals)
      const delays = portals.map((p) => p.doneAfterMs ?? Number.NaN).sort((a, b) => a - b)
      const median = delays[Math.floor(delays.length / 2)]!
      const slowest = delays.at(-1)!
      console.log(
        `  write-back in per portal after the first press: fastest ${(delays[0]! / 1000).toFixed(1)} s, median ${(median / 1000).toFixed(1)} s, slowest ${(slowest / 1000).toFixed(1)} s (×${(slowest / median).toFixed(2)} the median)`,
      )
      await world.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
