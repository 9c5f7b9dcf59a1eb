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
import { applyCommand, createApproval, type Approval, type ApprovalCommand } from '../apps/server/src/domain/index.ts'
import { approvalIndex, approvalKey } from '../apps/server/src/services/approvals/approval-records.ts'
import { newApprovalId } from '../apps/server/src/services/approvals/start-approval.ts'
import { rebuildStatistics } from '../apps/server/src/services/stats/rebuild-stats.ts'
import { buildServer, listen, oauthEnv, startSandbox } from '../apps/server/src/test-support/app-server.ts'
import { roundTheClock } from '../apps/server/src/test-support/seed-approvals.ts'

const total = Number(process.env.BENCH_STATS_APPROVALS ?? 100_000)
const runs = Number(process.env.BENCH_STATS_RUNS ?? 50)
const day = 86_400_000
const minute = 60_000

const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9)
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

/** The i-th approval at `at`, answered per a deterministic spread of outcomes and answer times. */
function approvalOf(i: number, memberId: string, at: number): Approval {
  const ctx = (t: number) => ({ now: new Date(t), channel: 'web' as const, calendar: roundTheClock })
  const approverIds = [2 + (i % 11), 2 + ((i + 5) % 11)].filter((id, k, all) => all.indexOf(id) === k)
  const kind = (['deal', 'lead', 'deal', 'task', null] as const)[i % 5]
  const subject = kind ? { kind, id: 1 + (i % 900), title: `#${i}`, amount: null, currency: null, url: null } : null
  const draft = {
    ...{ title: `Счёт №${i}`, description: '', templateId: [`tpl-${i % 6}`, null][i % 7 === 0 ? 1 : 0] ?? null },
    subject: subject && kind === 'deal' ? { ...subject, pipelineId: i % 3 } : subject,
    stages: [{ approverIds, rule: { kind: 'any' as const } }],
  }
  const created = createApproval({ draft, memberId, initiatorId: 20 + (i % 40) }, { ...ctx(at), id: newApprovalId(at) })
  if (!created.ok) throw new Error(created.message)
  let state = created.state
  const act = (command: ApprovalCommand, t: number) => {
    const result = applyCommand(state, command, ctx(t))
    if (result.ok) state = result.state
  }
  const answerAt = at + ((i * 7919) % (3 * 24 * 60)) * minute
  const actor = { userId: approverIds[0]!, isAdmin: false }
  const outcome = i % 10
  if (outcome < 5) act({ type: 'decide', actor, response: 'approve' }, answerAt)
  else if (outcome < 7) act({ type: 'decide', actor, response: 'reject', comment: 'нет' }, answerAt)
  else if (outcome === 7) act({ type: 'decide', actor, response: 'send-back', comment: 'смета' }, answerAt)
  else if (outcome === 8)
    act({ type: 'cancel', actor: { userId: state.initiatorId, isAdmin: false }, reason: 'x' }, answerAt)
  return state
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

  const start = Date.now() - 365 * day
  let began = performance.now()
  for (let i = 0; i < total; i += 1) {
    const approval = approvalOf(i, memberId, start + Math.floor((i * 365 * day) / total))
    await store.put(approvalKey(memberId, approval.id), { approval, outbox: [] })
    await store.indexAdd(approvalIndex.all(memberId), approval.id, Date.parse(approval.createdAt))
  }
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
  const cases: Array<[string, string]> = [
    ['last 30 days, by day', `from=${isoDay(today - 29 * day)}&to=${isoDay(today)}`],
    [
      'last 30 days, approver + deal filters',
      `from=${isoDay(today - 29 * day)}&to=${isoDay(today)}&approverId=4&subjectKind=deal`,
    ],
    [
      'last 30 days, template + pipeline',
      `from=${isoDay(today - 29 * day)}&to=${isoDay(today)}&templateId=tpl-2&pipelineId=1`,
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
