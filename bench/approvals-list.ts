/**
 * @module Approval list benchmark: 10,000 approvals in one portal on an SQLite file store, written
 * through the domain and `commitTransition` (indexes, outbox entries and timers as the start and decision routes
 * write them, without the Bitrix24 write-back), then `GET /api/app/approvals` in-process through the app built by
 * the composition root against the Bitrix24 sandbox: p50/p99 of the first page and of page 50 for each sort,
 * unfiltered and with status, text and subject filters. Then, in Chromium, the SPA inside the sandbox portal:
 * the time to show the Approvals table from the home page and to load the next page.
 *
 * Run: `npm run bench:list` (or `npx tsx bench/approvals-list.ts`). `BENCH_LIST_APPROVALS=2000` for a shorter run,
 * `BENCH_LIST_RUNS` requests per figure (30), `BENCH_LIST_BROWSER=0` to skip Chromium.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { launchChromium } from '../apps/sandbox/src/test-support/chromium.ts'
import { openSqliteStore } from '../apps/server/src/adapters/store/sqlite/sqlite-store.ts'
import type { ApprovalDraftInput } from '../apps/server/src/domain/index.ts'
import { buildServer, listen, oauthEnv, startSandbox } from '../apps/server/src/test-support/app-server.ts'
import { seedApproval, seedDecision, seedDeps } from '../apps/server/src/test-support/seed-approvals.ts'

const total = Number(process.env.BENCH_LIST_APPROVALS ?? 10_000)
const runs = Number(process.env.BENCH_LIST_RUNS ?? 30)
const withBrowser = process.env.BENCH_LIST_BROWSER !== '0'
const limit = 25
const suppliers = [
  'Ромашка',
  'Вектор',
  'Северсталь',
  'Альфа',
  'Гамма',
  'Техснаб',
  'Меридиан',
  'Орион',
  'Квант',
  'Лотос',
]
const day = 86_400_000

const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9)
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}
const p50p99 = (values: number[]) => `p50 ${ms(percentile(values, 50))}  p99 ${ms(percentile(values, 99))}`

/** A deterministic spread: the i-th approval's initiator, approvers, subject, deadline, outcome and title. */
function draftOf(i: number, now: number): { initiatorId: number; draft: ApprovalDraftInput } {
  const approverIds = [2 + (i % 11), 2 + ((i + 4) % 11)].filter((id, k, all) => all.indexOf(id) === k)
  const subject =
    i % 10 < 7
      ? { kind: i % 10 < 5 ? 'deal' : 'lead', id: 1 + (i % 400), title: '', amount: null, currency: null, url: null }
      : null
  const deadline =
    i % 3 === 0 ? { dueAt: new Date(now + (1 + (i % 40)) * day).toISOString(), action: 'mark-overdue' } : null
  const title = `Счёт №${i} ООО «${suppliers[i % suppliers.length]}»${i % 50 === 7 ? ' срочно' : ''}`
  const draft = {
    title,
    description: `Оплата по договору ${1000 + i}`,
    subject,
    deadline,
    stages: [{ approverIds, rule: { kind: 'any' } }],
  }
  return { initiatorId: 1 + (i % 12), draft: draft as ApprovalDraftInput }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-list-'))
  const dist = join(dir, 'spa')
  if (withBrowser) await buildSpa(dist)
  const store = openSqliteStore({ file: join(dir, 'store.sqlite') })
  const listener = await listen()
  const sandbox = await startSandbox(listener.url)
  // The SDK's own defaults (3 retries, so an idle keep-alive socket the sandbox closed is retried), pacing lifted.
  const rateLimit = { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false }
  const bitrix24 = { restrictionParams: { maxRetries: 3, rateLimit } }
  const server = buildServer(oauthEnv(sandbox, listener.url), {
    store,
    bitrix24,
    spaIndexFile: join(dist, 'index.html'),
  })
  const assets = serveStatic({ root: relative(process.cwd(), dist) })
  listener.use(new Hono().use('/assets/*', assets).route('/', server.app))
  await sandbox.install({ userId: 1 })
  await sandbox.flushEvents()
  await server.drain()

  // The seed clock starts 60 days back, so the newer deadlines are still ahead and the older ones are overdue.
  let now = Date.now() - 60 * day
  const deps = seedDeps(store, { now: () => now })
  const began = performance.now()
  for (let i = 0; i < total; i += 1) {
    now += Math.floor((55 * day) / total)
    const { initiatorId, draft } = draftOf(i, now)
    const approval = await seedApproval(deps, sandbox.memberId, initiatorId, draft)
    const approver = draft.stages[0]!.approverIds[0]!
    if (i % 5 === 1) await seedDecision(deps, approval, approver, 'approve')
    if (i % 5 === 2 && i % 2 === 0) await seedDecision(deps, approval, approver, 'reject')
  }
  const seconds = (performance.now() - began) / 1000
  console.log(`approvals: ${total} in one portal (SQLite file), written in ${seconds.toFixed(1)} s`)
  console.log(`          ${(total / seconds).toFixed(0)} per second through commitTransition (indexes, outbox, timers)`)

  const tokens = new Map<number, string>()
  const get = async (userId: number, query: string) => {
    if (!tokens.has(userId)) {
      // A new token is checked with the portal. better-sqlite3 and in-process requests are synchronous, so the
      // event loop has not seen the sandbox close idle keep-alive sockets; one timer turn lets the HTTP agent drop
      // them before that REST call would reuse one (ECONNRESET). Requests over a real socket never hit this.
      await new Promise((resolve) => setTimeout(resolve, 200))
      tokens.set(userId, sandbox.issueTokens(userId).access_token)
    }
    const headers = { authorization: `Bearer ${tokens.get(userId)}`, 'x-b24-member-id': sandbox.memberId }
    const t0 = performance.now()
    const response = await server.app.request(`/api/app/approvals?${query}`, { headers })
    const body = (await response.json()) as { items: unknown[]; cursor: string | null }
    if (response.status !== 200) throw new Error(`${query} answered ${response.status}: ${JSON.stringify(body)}`)
    return { ...body, ms: performance.now() - t0 }
  }
  const time = async (userId: number, query: string) => {
    const times: number[] = []
    let items = 0
    for (let r = 0; r < runs; r += 1) {
      const page = await get(userId, query)
      times.push(page.ms)
      items = page.items.length
    }
    return { times, items }
  }
  /** The cursor that starts page `n` (or the deepest page there is), found by paging from the first. */
  const cursorOf = async (userId: number, query: string, n: number) => {
    let cursor: string | null = null
    let page = 1
    for (; page < n; page += 1) {
      const next: { cursor: string | null } = await get(
        userId,
        `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      if (next.cursor === null) break
      cursor = next.cursor
    }
    return { cursor, page }
  }

  const scenarios: Array<[string, number, string]> = [
    ['all approvals (admin)', 1, 'role=all'],
    ['status=pending', 1, 'role=all&status=pending'],
    ['status=rejected (10%)', 1, 'role=all&status=rejected'],
    ['text "Ромашка" (10%)', 1, `role=all&q=${encodeURIComponent('Ромашка')}`],
    ['text "срочно" (2%)', 1, `role=all&q=${encodeURIComponent('срочно')}`],
    ['text that matches none', 1, `role=all&q=${encodeURIComponent('несуществующее')}`],
    ['subject deal #3 (1 in 400)', 1, 'role=all&subjectKind=deal&subjectId=3'],
    ['role=approver (user 2)', 2, 'role=approver'],
  ]
  console.log(`\nGET /api/app/approvals, limit ${limit}, ${runs} requests per figure, in-process (app.request)`)
  for (const sort of ['newest', 'oldest', 'deadline']) {
    console.log(`sort=${sort}`)
    for (const [name, userId, filter] of scenarios) {
      const query = `${filter}&sort=${sort}&limit=${limit}`
      const first = await time(userId, query)
      const deep = await cursorOf(userId, query, 50)
      const deepLine = deep.cursor
        ? await time(userId, `${query}&cursor=${encodeURIComponent(deep.cursor)}`).then(
            (d) => `page ${String(deep.page).padStart(2)}: ${p50p99(d.times)} (${d.items} rows)`,
          )
        : 'one page only'
      console.log(`  ${name.padEnd(28)} first: ${p50p99(first.times)} (${first.items} rows) | ${deepLine}`)
    }
  }

  if (withBrowser) await measureBrowser(sandbox.url, sandbox.app.clientId)
  await sandbox.close()
  await listener.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
}

async function buildSpa(outDir: string): Promise<void> {
  const webRoot = fileURLToPath(new URL('../apps/web/', import.meta.url))
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

/**
 * Runs inside the app frame: opens the Approvals page (or clicks "Show more"), waits until `count` rows show,
 * and returns the time that took and the part of it until the list's API answer had arrived.
 */
const rowsShown = `async ([count, action]) => {
  const t0 = performance.now()
  if (action === 'open') location.hash = '#/approvals'
  else document.querySelector('[data-testid="load-more"]').click()
  await new Promise((resolve) => {
    const check = () =>
      document.querySelectorAll('[data-testid="approval-link"]').length >= count ? resolve() : requestAnimationFrame(check)
    check()
  })
  const shown = performance.now() - t0
  const answers = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/app/approvals?') && e.startTime >= t0)
  return [shown, answers.length ? Math.max(...answers.map((e) => e.responseEnd)) - t0 : NaN]
}`

async function measureBrowser(portalUrl: string, clientId: string): Promise<void> {
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(`${portalUrl}/marketplace/app/${clientId}/`)
  const frame = await (await page.waitForSelector('iframe[name*="|"]')).contentFrame()
  if (!frame) throw new Error('the app frame has no content')
  await frame.waitForSelector('[data-testid="home-page"]', { timeout: 30_000 })
  type Args = [number, 'open' | 'more']
  const run = (args: Args) => frame.evaluate(`(${rowsShown})(${JSON.stringify(args)})`) as Promise<[number, number]>
  const opens: number[] = []
  const openAnswers: number[] = []
  for (let r = 0; r < 11; r += 1) {
    const [shown, answered] = await run([limit, 'open'])
    opens.push(shown)
    openAnswers.push(answered)
    await frame.evaluate(`location.hash = '#/'`)
    await frame.waitForSelector('[data-testid="home-page"]')
  }
  await run([limit, 'open'])
  const more: number[] = []
  const moreAnswers: number[] = []
  for (let r = 2; r <= 21; r += 1) {
    const [shown, answered] = await run([r * limit, 'more'])
    more.push(shown)
    moreAnswers.push(answered)
  }
  const rows = await frame.locator('[data-testid="approval-link"]').count()
  console.log(`\nChromium (headless, 1280×900), the SPA in the sandbox portal frame, admin listing ${total} approvals:`)
  console.log(
    `  home → Approvals table, ${limit} rows: first ${ms(opens[0]!)} (lazy chunk), then ${p50p99(opens.slice(1))}`,
  )
  console.log(`    of which until the list's API answer arrived:  ${p50p99(openAnswers.slice(1))}`)
  console.log(`  "Show more" → ${limit} more rows shown:    ${p50p99(more)} (20 pages, ${rows} rows at the end)`)
  console.log(`    of which until the list's API answer arrived:  ${p50p99(moreAnswers)}`)
  await browser.close()
}

await main()
