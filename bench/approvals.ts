/**
 * @module Approval benchmark: 1,000 approvals × 5 approvers (rule `all`, a CRM deal as subject)
 * through the SPA API against the Bitrix24 sandbox, with the real b24jssdk adapter and an SQLite store.
 * Prints the portal HTTP requests per approval (start + five decisions + write-back, caches warmed) and the
 * p50/p99 service time per decision (the `POST /decision` request in-process, side effects excluded), and the
 * portal requests one start with 50 approvers and a deal costs (the target: at most 2).
 *
 * Run: `npm run bench:approvals` (or `npx tsx bench/approvals.ts`); `BENCH_APPROVALS=200` for a shorter run.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../apps/server/src/adapters/store/sqlite/sqlite-store.ts'
import { startApprovalHarness } from '../apps/server/src/test-support/approval-harness.ts'

const approvals = Number(process.env.BENCH_APPROVALS ?? 1000)
const approverIds = [2, 6, 7, 8, 9]
const initiatorId = 3
const deal = { kind: 'deal', id: 4, title: 'Сделка', amount: 1000, currency: 'RUB', url: null }

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-approvals-'))
  // The SDK's own pacing (2 requests/s, burst 50: Bitrix24's limit) is lifted so the run measures this code;
  // at the real limit, the requests per approval below divided by 2/s is the sustained approvals per second.
  const rateLimit = { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false }
  const store = openSqliteStore({ file: join(dir, 'store.sqlite') })
  const h = await startApprovalHarness({ store, bitrix24: { restrictionParams: { maxRetries: 1, rateLimit } } })
  const fifty = h.addUsers(50)
  for (const user of [initiatorId, ...approverIds]) await h.api(user, 'GET', '/api/app/me')
  await h.api(initiatorId, 'GET', '/api/app/users')
  await h.sandbox.flushEvents()
  await h.drain()
  // The sandbox keeps the last 5,000 log entries; count per approval and empty the log as it fills.
  const log = h.sandbox.portal.restLog
  let requests = 0
  const methods = new Map<string, number>()
  const startTimes: number[] = []
  const decisionTimes: number[] = []
  const began = performance.now()
  for (let i = 0; i < approvals; i += 1) {
    const body = { title: `Счёт №${i}`, stages: [{ approverIds, rule: { kind: 'all' } }], subject: deal }
    if (log.length > 4000) log.splice(0)
    const before = log.length
    const t0 = performance.now()
    const started = await h.api(initiatorId, 'POST', '/api/app/approvals', body)
    startTimes.push(performance.now() - t0)
    if (started.status !== 201) throw new Error(`start answered ${started.status}: ${JSON.stringify(started.body)}`)
    await h.drain()
    for (const user of approverIds) {
      const t1 = performance.now()
      const res = await h.api(user, 'POST', `/api/app/approvals/${started.body.approval.id}/decision`, {
        response: 'approve',
      })
      decisionTimes.push(performance.now() - t1)
      if (res.status !== 200) throw new Error(`decision answered ${res.status}`)
    }
    await h.drain()
    for (const r of log.slice(before)) methods.set(r.method, (methods.get(r.method) ?? 0) + 1)
    requests += log.length - before
  }
  const seconds = (performance.now() - began) / 1000
  decisionTimes.sort((a, b) => a - b)
  startTimes.sort((a, b) => a - b)
  const ms = (n: number) => `${n.toFixed(2)} ms`
  console.log(`approvals: ${approvals} × ${approverIds.length} approvers (rule all, deal subject), SQLite file store`)
  console.log(`portal HTTP requests: ${requests} → ${(requests / approvals).toFixed(2)} per approval`)
  console.log(`  by method: ${[...methods].map(([m, n]) => `${m} ${n}`).join(', ')}`)
  console.log(
    `decision service time: p50 ${ms(percentile(decisionTimes, 50))}, p99 ${ms(percentile(decisionTimes, 99))}`,
  )
  console.log(`start service time:    p50 ${ms(percentile(startTimes, 50))}, p99 ${ms(percentile(startTimes, 99))}`)
  console.log(`wall time: ${seconds.toFixed(1)} s (including the write-back to the sandbox)`)

  log.splice(0)
  const wide = { title: 'Пятьдесят', stages: [{ approverIds: fifty, rule: { kind: 'all' } }], subject: deal }
  const started = await h.api(initiatorId, 'POST', '/api/app/approvals', wide)
  if (started.status !== 201) throw new Error(`start answered ${started.status}: ${JSON.stringify(started.body)}`)
  await h.drain()
  const commands = log.map((r) => Object.keys((r.params as { cmd?: object }).cmd ?? { call: 1 }).length)
  console.log(`start with 50 approvers and a deal: ${log.length} portal requests (${commands.join(' + ')} commands)`)
  await h.close()
  await rm(dir, { recursive: true, force: true })
}

await main()
