/**
 * @module Statistics benchmark (issue 18): one portal with 100,000 approvals spread over a year on an SQLite file
 * store — made with the real domain (created, answered, rejected, sent back, cancelled, some left open) and their
 * aggregates written by `rebuildStatistics`, which derives the same facts the live counters record — then
 * `GET /api/app/statistics` in-process through the app built by the composition root against the Bitrix24
 * sandbox: p50/p99 for a month, a month with filters, a quarter by week and a whole year by month.
 *
 * Run: `npm run bench:stats`. `BENCH_STATS_APPROVALS` (100000), `BENCH_STATS_RUNS` requests per figure (50).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../apps/server/src/adapters/store/sqlite/sqlite-store.ts'
import { rebuildStatistics } from '../apps/server/src/services/stats/rebuild-stats.ts'
import { buildServer, listen, oauthEnv, startSandbox } from '../apps/server/src/test-support/app-server.ts'
import { writeGeneratedApprovals } from './generated-approvals.ts'

const total = Number(process.env.BENCH_STATS_APPROVALS ?? 100_000)
const runs = Number(process.env.BENCH_STATS_RUNS ?? 50)
const day = 86_400_000

const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9)
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-stats-'))
  const store = openSqliteStore({ file: join(dir, 'store.sqlite') })
  const listener = await listen()
  const sandbox = await startSandbox(listener.url)
  const server = buildServer(oauthEnv(sandbox, listener.url), { store })
  listener.use(server.app)
  await sandbox.install({ userId: 1 })
  await sandbox.flushEvents()
  await server.drain()
  const memberId = sandbox.memberId

  let began = performance.now()
  await writeGeneratedApprovals(store, memberId, total, 365)
  console.log(
    `approvals: ${total} over 365 days in one portal (SQLite file), written in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  )
  began = performance.now()
  await rebuildStatistics(store, memberId)
  console.log(`aggregates: rebuilt from every approval in ${((performance.now() - began) / 1000).toFixed(1)} s`)

  // better-sqlite3 is synchronous: one timer turn lets the HTTP agent drop the sockets the sandbox closed while
  // idle before the token check reuses one (as in bench/approvals-list.ts).
  await new Promise((resolve) => setTimeout(resolve, 200))
  const headers = { authorization: `Bearer ${sandbox.issueTokens(1).access_token}`, 'x-b24-member-id': memberId }
  const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10)
  const today = Date.now()
  const baseline: number[] = []
  for (let r = 0; r < runs; r += 1) {
    const t0 = performance.now()
    await (await server.app.request('/api/app/me', { headers })).json()
    baseline.push(performance.now() - t0)
  }
  console.log(
    `baseline GET /api/app/me (sign-in check, cached)      p50 ${ms(percentile(baseline, 50))}  p99 ${ms(percentile(baseline, 99))}`,
  )
  const cases: Array<[string, string]> = [
    ['last 30 days, by day', `from=${isoDay(today - 29 * day)}&to=${isoDay(today)}`],
    [
      'last 30 days, approver + deal filters',
      `from=${isoDay(today - 29 * day)}&to=${isoDay(today)}&approverId=4&subjectKind=deal`,
    ],
    [
      'last 30 days, template + pipeline',
      `from=${isoDay(today - 29 * day)}&to=${isoDay(today)}&templateId=tpl-2&pipelineId=2`,
    ],
    ['last 91 days, by week', `from=${isoDay(today - 90 * day)}&to=${isoDay(today)}&grouping=week`],
    ['last 366 days, by month', `from=${isoDay(today - 365 * day)}&to=${isoDay(today)}&grouping=month`],
  ]
  for (const [name, query] of cases) {
    const times: number[] = []
    let started = 0
    for (let r = 0; r < runs + 1; r += 1) {
      const t0 = performance.now()
      const response = await server.app.request(`/api/app/statistics?${query}`, { headers })
      const body = (await response.json()) as { statistics: { totals: { started: number } } }
      if (response.status !== 200) throw new Error(`${query}: ${response.status} ${JSON.stringify(body)}`)
      if (r > 0) times.push(performance.now() - t0)
      started = body.statistics.totals.started
    }
    const line = `p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}`
    console.log(`statistics ${name.padEnd(40)} ${line}  (started ${started})`)
  }
  await listener.close()
  await sandbox.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
}

await main()
