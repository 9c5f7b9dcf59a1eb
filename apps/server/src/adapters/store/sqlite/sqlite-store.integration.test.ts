import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { UpstreamError, ValidationError } from '../../../ports/errors.ts'
import { globalKey, type Store } from '../../../ports/store.ts'
import { runStoreContract } from '../../../ports/store.contract.ts'
import { race, type RaceReport } from '../../../test-support/sqlite-race-worker.ts'
import { openSqliteStore } from './sqlite-store.ts'

const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const newFile = () => join(dir, `store-${files++}.sqlite`)

runStoreContract({ name: 'sqlite (:memory:)', newStore: () => openSqliteStore({ file: ':memory:' }) })
runStoreContract({ name: 'sqlite (WAL file)', newStore: () => openSqliteStore({ file: newFile() }) })

/** Starts one race worker process on `file` and resolves once it is ready, with a way to start and await it. */
function startWorker(file: string, worker: string) {
  const script = fileURLToPath(new URL('../../../test-support/sqlite-race-worker.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script, file, worker], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const nextLine = async () => {
    const line = await lines.next()
    if (line.done) throw new Error(`race worker ${worker} exited early with code ${await exited}`)
    return line.value
  }
  return nextLine().then((ready) => {
    expect(ready).toBe('ready')
    return {
      go: () => child.stdin.end('go\n'),
      report: async () => JSON.parse(await nextLine()) as RaceReport,
    }
  })
}

/** Asserts that `lists` together contain every one of `expected` exactly once. */
function expectEachOnce(lists: string[][], expected: number) {
  const all = lists.flat()
  expect(all).toHaveLength(expected)
  expect(new Set(all).size).toBe(expected)
}

describe('SqliteStore across connections and processes on one file', () => {
  it('keeps compareAndSet and claims exclusive between two stores opened on one file', async () => {
    const file = newFile()
    const stores: Store[] = [openSqliteStore({ file }), openSqliteStore({ file })]
    const on = (i: number) => stores[i % 2]!
    const key = globalKey('shared', 'doc')
    await on(0).put(key, { n: 0 })
    const increment = async (store: Store) => {
      for (;;) {
        const current = (await store.get<{ n: number }>(key))!
        if ((await store.compareAndSet(key, { n: current.value.n + 1 }, current.version)) !== null) return
      }
    }
    await Promise.all(Array.from({ length: 50 }, (_, i) => increment(on(i))))
    expect(await on(1).get(key)).toEqual({ value: { n: 50 }, version: 51 })
    const wins = await Promise.all(Array.from({ length: 100 }, (_, i) => on(i).putIfAbsent('g:once', i, 60_000)))
    expect(wins.filter(Boolean)).toHaveLength(1)
    const queue = globalKey('shared', 'queue')
    for (let i = 0; i < 300; i += 1) await on(i).enqueue(queue, { id: `i${i}`, payload: i, dueAt: 1 })
    const claimed = await Promise.all(Array.from({ length: 20 }, (_, i) => drain(on(i), queue)))
    expectEachOnce(claimed, 300)
    await Promise.all(stores.map((store) => store.close()))
  })

  it('keeps every race exact when two processes hammer one file in parallel', async () => {
    const file = newFile()
    const seed = openSqliteStore({ file })
    await seed.put(race.counterKey, { n: 0 })
    for (let i = 0; i < race.items; i += 1) {
      await seed.enqueue(race.queue, { id: `item-${i}`, payload: { i }, dueAt: race.now - i })
    }
    const workers = await Promise.all(['w1', 'w2'].map((name) => startWorker(file, name)))
    workers.forEach((worker) => worker.go())
    const reports = await Promise.all(workers.map((worker) => worker.report()))
    expect(await seed.get(race.counterKey)).toEqual({ value: { n: 200 }, version: 201 })
    expectEachOnce(
      reports.map((report) => report.putIfAbsentWins),
      race.dedupeKeys,
    )
    expectEachOnce(
      reports.map((report) => report.leaseWins),
      race.leases,
    )
    expectEachOnce(
      reports.map((report) => report.claimedIds),
      race.items,
    )
    expect(await seed.queueSize(race.queue)).toBe(0)
    await seed.close()
  })
})

async function drain(store: Store, queue: string): Promise<string[]> {
  const ids: string[] = []
  for (;;) {
    const batch = await store.claim(queue, { now: 10, leaseMs: 60_000, limit: 4 })
    if (batch.length === 0) return ids
    for (const item of batch) {
      ids.push(item.id)
      expect(await store.ack(queue, item.id, item.claimToken)).toBe(true)
    }
  }
}

describe('SqliteStore', () => {
  it('measures TTLs with the injected clock', async () => {
    let now = 1_000
    const store = openSqliteStore({ file: ':memory:', now: () => now })
    await store.putIfAbsent('g:code', 'x', 100)
    await store.increment('g:rate', 1, 100)
    await store.acquireLease('g:lease', 'a', 100)
    now = 1_099
    expect([await store.getTemp('g:code'), await store.counter('g:rate')]).toEqual(['x', 1])
    expect(await store.acquireLease('g:lease', 'b', 100)).toBe(false)
    now = 1_100
    expect([await store.getTemp('g:code'), await store.counter('g:rate')]).toEqual([null, 0])
    expect(await store.acquireLease('g:lease', 'b', 100)).toBe(true)
    await store.close()
  })

  it('deletes expired temp keys, leases and counters lazily, at most once a minute', async () => {
    let now = 0
    const file = newFile()
    const store = openSqliteStore({ file, now: () => now })
    await store.putIfAbsent('g:old-code', 1, 10)
    await store.acquireLease('g:old-lease', 'a', 10)
    await store.increment('g:old-rate', 1, 10)
    const { default: Database } = await import('better-sqlite3')
    const raw = new Database(file, { readonly: true })
    const rows = () =>
      ['temp_keys', 'leases', 'counters'].map((table) => raw.prepare(`SELECT count(*) AS n FROM ${table}`).get())
    now = 59_999
    await store.putIfAbsent('g:new-code', 1, 60_000)
    expect(rows()).toEqual([{ n: 2 }, { n: 1 }, { n: 1 }])
    now = 60_001
    await store.increment('g:new-rate', 1)
    expect(rows()).toEqual([{ n: 1 }, { n: 0 }, { n: 1 }])
    raw.close()
    await store.close()
  })

  it('creates the database file and its WAL and shared-memory files readable by the owner only (0600)', async () => {
    const file = newFile()
    const store = openSqliteStore({ file })
    await store.put(globalKey('private'), { token: 'sealed' })
    const modes = [file, `${file}-wal`, `${file}-shm`].map((path) => statSync(path).mode & 0o777)
    await store.close()
    expect(modes).toEqual([0o600, 0o600, 0o600])
  })

  it('keeps data in the file across a close and a reopen', async () => {
    const file = newFile()
    const first = openSqliteStore({ file })
    await first.put('g:settings', { isOn: true })
    await first.indexAdd('g:index', 'm', 1)
    await first.close()
    const second = openSqliteStore({ file })
    expect(await second.get('g:settings')).toEqual({ value: { isOn: true }, version: 1 })
    expect(await second.indexSize('g:index')).toBe(1)
    await second.close()
  })

  it('refuses a value without a JSON form and a forged cursor with ValidationError', async () => {
    const store = openSqliteStore({ file: ':memory:' })
    await expect(store.put('g:x', undefined)).rejects.toBeInstanceOf(ValidationError)
    await expect(store.indexPage('g:i', { limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(ValidationError)
    await store.close()
  })

  it('reports a file locked by another writer as UpstreamError after the busy timeout', async () => {
    // A second connection holding the write lock longer than busy_timeout makes SQLite give up with SQLITE_BUSY.
    const file = newFile()
    const store = openSqliteStore({ file, busyTimeoutMs: 200 })
    const { default: Database } = await import('better-sqlite3')
    const blocker = new Database(file)
    blocker.pragma('busy_timeout = 0')
    blocker.exec('BEGIN IMMEDIATE')
    const started = Date.now()
    await expect(store.put('g:x', 1)).rejects.toBeInstanceOf(UpstreamError)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    blocker.exec('ROLLBACK')
    blocker.close()
    expect(await store.put('g:x', 1)).toBe(1)
    await store.close()
  })
})
