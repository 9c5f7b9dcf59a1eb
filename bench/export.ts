/**
 * @module Export benchmark (issue 18): 50,000 approvals of one portal on an SQLite file store, exported through
 * `GET /api/app/exports/approvals` in-process (the app built by the composition root against the Bitrix24
 * sandbox) as CSV and as XLSX, the body read chunk by chunk as a client would: the time to the last byte, the
 * file size, and the process's peak memory above the level before the export (RSS and JS heap, sampled every
 * 10 ms), which stays bounded because the export streams page by page.
 *
 * Run: `npm run bench:export`. `BENCH_EXPORT_APPROVALS` (50000).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../apps/server/src/adapters/store/sqlite/sqlite-store.ts'
import { buildServer, listen, oauthEnv, startSandbox } from '../apps/server/src/test-support/app-server.ts'
import { writeGeneratedApprovals } from './generated-approvals.ts'

const total = Number(process.env.BENCH_EXPORT_APPROVALS ?? 50_000)
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** Peak RSS and heap while `work` runs, above their level when it began. */
async function peakMemory<T>(work: () => Promise<T>) {
  global.gc?.()
  const base = process.memoryUsage()
  const peak = { rss: base.rss, heapUsed: base.heapUsed }
  const timer = setInterval(() => {
    const now = process.memoryUsage()
    peak.rss = Math.max(peak.rss, now.rss)
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed)
  }, 10)
  try {
    const result = await work()
    return { result, rss: peak.rss - base.rss, heap: peak.heapUsed - base.heapUsed }
  } finally {
    clearInterval(timer)
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-export-'))
  const store = openSqliteStore({ file: join(dir, 'store.sqlite') })
  const listener = await listen()
  const sandbox = await startSandbox(listener.url)
  // The SDK's own retries (as in bench/approvals-list.ts): a keep-alive socket the sandbox closed is retried.
  const bitrix24 = { restrictionParams: { maxRetries: 3 } }
  const server = buildServer(
    { ...oauthEnv(sandbox, listener.url), EXPORT_MAX_ROWS: String(total) },
    { store, bitrix24 },
  )
  listener.use(server.app)
  await sandbox.install({ userId: 1 })
  await sandbox.flushEvents()
  await server.drain()
  const began = performance.now()
  await writeGeneratedApprovals(store, sandbox.memberId, total, 365)
  console.log(
    `approvals: ${total} in one portal (SQLite file), written in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  )
  // One timer turn lets the HTTP agent drop sockets the sandbox closed while idle (see bench/approvals-list.ts).
  await new Promise((resolve) => setTimeout(resolve, 200))
  const headers = {
    authorization: `Bearer ${sandbox.issueTokens(1).access_token}`,
    'x-b24-member-id': sandbox.memberId,
  }
  for (const format of ['format=csv&delimiter=semicolon', 'format=xlsx']) {
    const { result, rss, heap } = await peakMemory(async () => {
      const t0 = performance.now()
      const response = await server.app.request(`/api/app/exports/approvals?role=all&${format}`, { headers })
      if (response.status !== 200) throw new Error(`${format}: ${response.status} ${await response.text()}`)
      let bytes = 0
      const reader = response.body!.getReader()
      for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.length
      return { seconds: (performance.now() - t0) / 1000, bytes, rows: response.headers.get('x-export-rows') }
    })
    const name = format.startsWith('format=csv') ? 'CSV ' : 'XLSX'
    console.log(
      `export ${name} ${result.rows} rows: ${result.seconds.toFixed(1)} s, ${mb(result.bytes)}; peak memory above start: RSS ${mb(rss)}, heap ${mb(heap)}`,
    )
  }
  await listener.close()
  await sandbox.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
}

await main()
