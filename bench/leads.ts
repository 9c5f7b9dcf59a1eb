/**
 * @module Lead intake benchmark (issue 20): 1,000 website submissions, a third of them with a file, while the
 * sandbox portal fails 50% of the REST requests at random (503 and 500 before a method runs, 504 and a dropped
 * connection after it ran — lost answers). The cron tick is run until every receipt is delivered, with the clock
 * moved past each backoff. Prints the wall time until all are delivered, the simulated time the retries waited,
 * the portal requests used, and checks: 1,000 leads, 0 duplicates, every file attached.
 *
 * Run: `npm run bench:leads` (or `npx tsx bench/leads.ts`); `BENCH_LEADS=200` for a shorter run.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../apps/server/src/adapters/store/sqlite/sqlite-store.ts'
import { listLeadLog } from '../apps/server/src/services/leads/lead-log.ts'
import { manualClock, startApprovalHarness } from '../apps/server/src/test-support/approval-harness.ts'
import { formFields, leadForm, samplePdf, siteInput, submitLead } from '../apps/server/src/test-support/lead-forms.ts'

const total = Number(process.env.BENCH_LEADS ?? 1000)
const unlimited = { count: 1_000_000, windowMs: 60_000 }

async function undelivered(store: Parameters<typeof listLeadLog>[0], memberId: string): Promise<number> {
  let left = 0
  let cursor: string | undefined
  do {
    const page = await listLeadLog(store, memberId, { limit: 100, ...(cursor ? { cursor } : {}) })
    left += page.entries.filter((e) => e.status !== 'delivered').length
    cursor = page.cursor
  } while (cursor)
  return left
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-leads-'))
  const clock = manualClock()
  const rateLimit = { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false }
  const h = await startApprovalHarness({
    clock,
    store: openSqliteStore({ file: join(dir, 'store.sqlite'), now: () => clock.now() }),
    bitrix24: { restrictionParams: { maxRetries: 1, rateLimit } },
    leadLimits: { perAddress: unlimited, perSite: unlimited },
  })
  const site = (await h.api(1, 'POST', '/api/app/sites', siteInput())).body.site as { key: string }
  const log = h.sandbox.portal.restLog
  let requests = 0
  const countRequests = () => {
    requests += log.length
    log.splice(0)
  }
  countRequests()
  requests = 0
  h.sandbox.failRandomly({ rate: 0.5, seed: 20 })
  const began = performance.now()
  let withFiles = 0
  for (let i = 0; i < total; i += 1) {
    const fields = formFields({ name: `Клиент ${i}`, form_started_at: String(clock.now() - 10_000) })
    const files = i % 3 === 0 ? [{ name: `заявка-${i}.pdf`, bytes: samplePdf }] : []
    withFiles += files.length
    const response = await submitLead(h.server.app, site.key, leadForm(fields, files), {
      origin: 'https://shop.example',
      'x-forwarded-for': `198.51.100.${i % 250}`,
    })
    if (response.status !== 202) throw new Error(`submission ${i} answered ${response.status}`)
    if (i % 50 === 49) {
      await h.drain()
      countRequests()
    }
  }
  await h.drain()
  const accepted = performance.now() - began
  let ticks = 0
  let waited = 0
  while ((await undelivered(h.server.store, h.sandbox.memberId)) > 0) {
    clock.advance(60_000)
    waited += 60_000
    ticks += 1
    // Each tick runs up to 100 due items; tick until this minute's backlog is done.
    for (;;) {
      const { body } = await h.tick()
      countRequests()
      if ((body.leads?.claimed ?? 0) < 100) break
    }
    if (ticks > 2_000) throw new Error('leads were still undelivered after 2,000 ticks')
  }
  const elapsed = performance.now() - began
  h.sandbox.failRandomly(false)
  countRequests()

  const leads = h.sandbox.leads().filter((l) => l['ORIGINATOR_ID'] === 'telegram-approval-cloud')
  const origins = new Set(leads.map((l) => l['ORIGIN_ID']))
  const filed = new Set(
    h.sandbox
      .timeline()
      .filter((t) => t.ENTITY_TYPE === 'lead' && t.FILES.length > 0)
      .map((t) => t.ENTITY_ID),
  )
  const attached = leads.filter((l) => filed.has(Number(l.ID))).length
  console.log(`submissions: ${total} (${withFiles} with a file), portal failing 50% of requests at random`)
  console.log(`accepted (202) in ${(accepted / 1000).toFixed(1)} s`)
  console.log(
    `all delivered after ${(elapsed / 1000).toFixed(1)} s wall time, ${ticks} cron ticks, ${waited / 60_000} simulated minutes of backoff`,
  )
  console.log(`portal REST requests: ${requests} (${(requests / total).toFixed(2)} per lead)`)
  console.log(
    `leads: ${leads.length}, duplicates: ${leads.length - origins.size}, files attached: ${attached}/${withFiles}`,
  )
  const ok = leads.length === total && origins.size === total && attached === withFiles
  await h.close()
  await rm(dir, { recursive: true, force: true })
  if (!ok) {
    console.error('FAILED: expected every submission delivered once with its file')
    process.exit(1)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
