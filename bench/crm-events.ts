/**
 * @module CRM events benchmark: a mass edit of 10,000 deals in a burst (half of them moved into another stage,
 * half only given a new amount) in the Bitrix24 sandbox with its real limits on (2 requests/s, burst 50), the
 * online deliveries going to the app server, a share of them lost on the way, and the cron tick's offline
 * backstop. Prints the portal requests the app used, the stage entries detected (lost and duplicated ones
 * counted), the approvals a consumer started (a counting consumer: one per entity and entry, duplicates
 * reported), and the time until everything was processed. Goal: ≤ 250 portal requests, 0 lost, 0 duplicates.
 *
 * Run: `npm run bench:crm-events` (or `npx tsx bench/crm-events.ts`); `BENCH_DEALS=2000` for a shorter run,
 * `BENCH_LOST=0` to lose no delivery.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../apps/server/src/adapters/store/sqlite/sqlite-store.ts'
import type { CrmEntry } from '../apps/server/src/domain/index.ts'
import { startApprovalHarness } from '../apps/server/src/test-support/approval-harness.ts'

const deals = Number(process.env.BENCH_DEALS ?? 10_000)
const lost = Number(process.env.BENCH_LOST ?? 100)
/** The portal UI saves a mass edit in chunks; each chunk's events go out together. */
const editChunk = 500

/** Counts entries per (entity, entry): the first is an approval started, any further one a duplicate. */
function countingConsumer() {
  const seen = new Map<string, number>()
  return {
    seen,
    onCrmEntry: async (_memberId: string, entry: CrmEntry) => {
      const key = `${entry.kind}:${entry.entityId}:${entry.entryId}`
      seen.set(key, (seen.get(key) ?? 0) + 1)
    },
    stageEntries: () => [...seen.keys()].filter((k) => k.includes(':stage:')).length,
    duplicates: () => [...seen.values()].reduce((sum, n) => sum + (n - 1), 0),
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits for the work the app deferred; a run that failed (its changes are retried later) is counted, not fatal. */
async function drainCounting(h: { drain(): Promise<void> }): Promise<number> {
  let failures = 0
  for (;;) {
    try {
      await h.drain()
      return failures
    } catch (error) {
      failures += 1
      console.warn('a deferred run failed (retried later):', error instanceof Error ? error.message : error)
    }
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-crm-events-'))
  const consumer = countingConsumer()
  const store = openSqliteStore({ file: join(dir, 'store.sqlite') })
  // The SDK's default pacing (Bitrix24's 2 requests/s, burst 50) and retries, as in production.
  const h = await startApprovalHarness({ store, bitrix24: { restrictionParams: {} }, onCrmEntry: consumer.onCrmEntry })
  const state = h.sandbox.portal.state
  // A portal with `deals` deals that existed for a month before the app was installed.
  const template = state.deals[0]!
  const firstId = state.deals.length + 1
  for (let i = 0; i < deals; i += 1) {
    state.deals.push({ ...template, ID: String(firstId + i), TITLE: `Сделка ${i}`, STAGE_ID: 'NEW', CATEGORY_ID: '0' })
  }
  state.sequences['deal'] = state.deals.length
  h.sandbox.setRateLimit({ burstLimit: 50, drainRate: 2 })
  const log = h.sandbox.portal.restLog
  log.splice(0)

  const began = performance.now()
  h.sandbox.loseNextDeliveries('ONCRMDEALUPDATE', lost)
  let expectedStageEntries = 0
  const counted = new Set<object>()
  let failed = 0
  for (let start = 0; start < deals; start += editChunk) {
    for (let i = start; i < Math.min(deals, start + editChunk); i += 1) {
      const moves = i % 2 === 0
      if (moves) expectedStageEntries += 1
      const fields = moves ? { STAGE_ID: 'PREPARATION' } : { OPPORTUNITY: 1000 + i }
      await h.sandbox.callAsUser(1, 'crm.deal.update', { id: firstId + i, fields })
    }
    await h.sandbox.flushEvents()
    // The sandbox keeps the last 5,000 deliveries (ids restart): count each chunk's records as it ends.
    for (const e of h.sandbox.events().filter((d) => d.event === 'ONCRMDEALUPDATE' && !counted.has(d))) {
      counted.add(e)
      if (e.error && !e.error.startsWith('lost')) failed += 1
    }
  }
  const editedMs = performance.now() - began
  let failedRuns = await drainCounting(h)
  const onlineMs = performance.now() - began
  const onlineEntries = consumer.stageEntries()
  // The cron tick (every minute in production) until every entry is in: a failed read is retried after its backoff.
  let ticks = 0
  do {
    if (ticks > 0) await pause(10_000)
    const tick = await h.tick()
    if (tick.status !== 200) throw new Error(`the tick answered ${tick.status}: ${JSON.stringify(tick.body)}`)
    failedRuns += await drainCounting(h)
    ticks += 1
  } while (consumer.stageEntries() < expectedStageEntries && ticks < 10)
  const doneMs = performance.now() - began

  const requests = log.filter((r) => r.transport === 'oauth')
  const byMethod = new Map<string, number>()
  for (const r of requests) {
    const cmd = (r.params as { cmd?: Record<string, string> }).cmd
    const name = cmd ? `batch(${Object.values(cmd)[0]?.split('?')[0]})` : r.method
    byMethod.set(name, (byMethod.get(name) ?? 0) + 1)
  }
  const refused = requests.filter((r) => r.status === 503).length
  const detected = consumer.stageEntries()
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  console.log(`mass edit: ${deals} deal updates (${expectedStageEntries} stage moves), ${lost} online deliveries lost`)
  console.log(`sandbox limits: 2 requests/s, burst 50; SQLite file store`)
  console.log(`online deliveries: ${counted.size}, lost on the way ${lost}, failed (no answer in time) ${failed}`)
  console.log(`portal requests used: ${requests.length} (${refused} refused with 503 and retried)`)
  console.log(`  by method: ${[...byMethod].map(([m, n]) => `${m} ${n}`).join(', ')}`)
  console.log(
    `stage entries detected: ${detected} of ${expectedStageEntries} (online ${onlineEntries}, backstop ${detected - onlineEntries})`,
  )
  console.log(`stage entries lost: ${expectedStageEntries - detected}`)
  console.log(`approvals started (counting consumer): ${consumer.seen.size}, duplicates: ${consumer.duplicates()}`)
  console.log(`cron ticks: ${ticks}; deferred runs that failed and were retried: ${failedRuns}`)
  console.log(
    `time: edit sent ${s(editedMs)}, online processed ${s(onlineMs)}, all processed after the tick ${s(doneMs)}`,
  )
  await h.close()
  await rm(dir, { recursive: true, force: true })
}

await main()
