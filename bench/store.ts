/**
 * @module Store benchmark: operations per second of put, compareAndSet and claim+ack on each adapter
 * (SQLite temp file, Redis, Vercel KV through the in-repo Upstash proxy), sequential and 16 in flight.
 *
 * Run: `npm run bench:store` (or `npx tsx bench/store.ts`). Needs Debian's redis-server; starts its own.
 * The KV figures include the proxy, which runs in this same Node process (one event loop for both sides).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKvStore } from '../apps/server/src/adapters/store/kv/kv-store.ts'
import { createRedisStore } from '../apps/server/src/adapters/store/redis/redis-store.ts'
import { openSqliteStore } from '../apps/server/src/adapters/store/sqlite/sqlite-store.ts'
import { globalKey, tenantKey, type Store } from '../apps/server/src/ports/store.ts'
import { startRedisServer } from '../apps/server/src/test-support/redis-server.ts'
import { startUpstashProxy } from '../apps/server/src/test-support/upstash-proxy.ts'

/** Operations per measurement. */
const operations = Number(process.env.BENCH_OPS ?? 2000)
const concurrency = 16
const document = { status: 'pending', title: 'Счёт №42', amount: 1234.5, approvers: [1, 2, 3] }

type Operation = (worker: number, i: number) => Promise<unknown>
/** Prepares one measurement on a fresh key space and returns the operation to time. */
type Scenario = (store: Store, run: string) => Promise<Operation>

const scenarios: Record<string, Scenario> = {
  put: async (store, run) => {
    return (_worker, i) => store.put(tenantKey('bench', run, 'doc', String(i % 100)), { ...document, i })
  },
  compareAndSet: async (store, run) => {
    // Each worker owns one document and always knows its version: every call is a successful write.
    const versions: number[] = []
    for (let worker = 0; worker < concurrency; worker++) {
      versions[worker] = await store.put(tenantKey('bench', run, 'cas', String(worker)), { ...document, i: 0 })
    }
    return async (worker, i) => {
      const key = tenantKey('bench', run, 'cas', String(worker))
      const version = await store.compareAndSet(key, { ...document, i }, versions[worker]!)
      if (version === null) throw new Error('compareAndSet lost its own document')
      versions[worker] = version
    }
  },
  'claim+ack': async (store, run) => {
    const queue = globalKey('bench', run)
    for (let start = 0; start < operations; start += 100) {
      const ids = Array.from({ length: Math.min(100, operations - start) }, (_, i) => start + i)
      await Promise.all(ids.map((i) => store.enqueue(queue, { id: `item-${i}`, payload: { i }, dueAt: i })))
    }
    return async () => {
      const [item] = await store.claim(queue, { now: operations, leaseMs: 60_000, limit: 1 })
      if (!item || !(await store.ack(queue, item.id, item.claimToken))) throw new Error('claim+ack failed')
    }
  },
}

/** Runs `count` calls of `operation` with `inFlight` workers; returns operations per second. */
async function measure(operation: Operation, inFlight: number, count = operations): Promise<number> {
  let next = 0
  const worker = async (id: number) => {
    for (let i = next++; i < count; i = next++) await operation(id, i)
  }
  const started = process.hrtime.bigint()
  await Promise.all(Array.from({ length: inFlight }, (_, id) => worker(id)))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return count / seconds
}

async function benchAdapter(name: string, store: Store): Promise<string[]> {
  const cells = [name]
  // Warm-up, not counted: opens HTTP keep-alive connections and loads the scripts into Redis.
  for (const scenario of [scenarios.put!, scenarios.compareAndSet!]) {
    await measure(await scenario(store, 'warm-up'), concurrency, 200)
  }
  for (const [scenarioName, scenario] of Object.entries(scenarios)) {
    for (const inFlight of [1, concurrency]) {
      const operation = await scenario(store, `${scenarioName}-${inFlight}`)
      cells.push(String(Math.round(await measure(operation, inFlight))))
    }
  }
  await store.close()
  return cells
}

function printTable(rows: string[][]): void {
  const header = ['adapter']
  for (const scenarioName of Object.keys(scenarios)) header.push(`${scenarioName} seq`, `${scenarioName} ×16`)
  const table = [header, ...rows]
  const widths = header.map((_, column) => Math.max(...table.map((row) => row[column]!.length)))
  const line = (row: string[]) => row.map((cell, column) => cell.padStart(widths[column]!)).join(' | ')
  console.log(line(header))
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'))
  for (const row of rows) console.log(line(row))
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tac-bench-'))
  const redis = await startRedisServer()
  const proxy = await startUpstashProxy({ redisPort: redis.port, token: 'bench' })
  try {
    console.log(`Store benchmark: ${operations} operations per cell, operations per second (Node ${process.version})`)
    const rows = [
      await benchAdapter('sqlite', openSqliteStore({ file: join(dir, 'bench.sqlite') })),
      await benchAdapter('redis', await createRedisStore({ url: redis.url, keyPrefix: 'bench:' })),
      await benchAdapter('kv', createKvStore({ url: proxy.url, token: 'bench', keyPrefix: 'bench-kv:' })),
    ]
    printTable(rows)
  } finally {
    await proxy.close()
    await redis.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
