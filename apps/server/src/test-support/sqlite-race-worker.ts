/**
 * @module A child process for `sqlite-store.integration.test.ts`: opens the SqliteStore on a shared file, waits for "go" on
 * stdin so all workers start together, runs the races and prints what it won as one JSON line.
 * Usage: `node --import tsx sqlite-race-worker.ts <file> <worker name>`.
 */
import { createInterface } from 'node:readline'
import { globalKey, type Store } from '../ports/store.ts'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'

/** What one worker reports. */
export interface RaceReport {
  worker: string
  casTries: number
  putIfAbsentWins: string[]
  leaseWins: string[]
  claimedIds: string[]
}

/** Keys, queue and sizes shared by the test and the workers. */
export const race = {
  counterKey: globalKey('race', 'counter'),
  queue: globalKey('race', 'queue'),
  increments: 100,
  dedupeKeys: 200,
  leases: 50,
  items: 600,
  now: 1_764_000_000_000,
}

async function incrementOnce(store: Store): Promise<number> {
  for (let tries = 1; ; tries += 1) {
    const current = await store.get<{ n: number }>(race.counterKey)
    if (!current) throw new Error('race counter document is missing')
    if ((await store.compareAndSet(race.counterKey, { n: current.value.n + 1 }, current.version)) !== null) {
      return tries
    }
  }
}

async function runRaces(store: Store, worker: string): Promise<RaceReport> {
  const report: RaceReport = { worker, casTries: 0, putIfAbsentWins: [], leaseWins: [], claimedIds: [] }
  for (let i = 0; i < race.increments; i += 1) report.casTries += await incrementOnce(store)
  for (let i = 0; i < race.dedupeKeys; i += 1) {
    const key = globalKey('race', 'update_id', String(i))
    if (await store.putIfAbsent(key, worker, 60_000)) report.putIfAbsentWins.push(key)
  }
  for (let i = 0; i < race.leases; i += 1) {
    const name = globalKey('race', 'lease', String(i))
    if (await store.acquireLease(name, worker, 60_000)) report.leaseWins.push(name)
  }
  for (;;) {
    const batch = await store.claim(race.queue, { now: race.now, leaseMs: 60_000, limit: 3 })
    if (batch.length === 0) break
    for (const item of batch) {
      report.claimedIds.push(item.id)
      if (!(await store.ack(race.queue, item.id, item.claimToken))) throw new Error(`ack failed for ${item.id}`)
    }
  }
  return report
}

async function main(): Promise<void> {
  const [file, worker] = process.argv.slice(2)
  if (!file || !worker) throw new Error('usage: sqlite-race-worker.ts <file> <worker name>')
  const store = openSqliteStore({ file })
  const lines = createInterface({ input: process.stdin })
  process.stdout.write('ready\n')
  for await (const line of lines) if (line === 'go') break
  lines.close()
  const report = await runRaces(store, worker)
  await store.close()
  process.stdout.write(JSON.stringify(report) + '\n')
}

if (process.argv[1]?.endsWith('sqlite-race-worker.ts')) await main()
