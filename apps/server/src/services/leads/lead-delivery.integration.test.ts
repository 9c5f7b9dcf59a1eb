/**
 * The lead delivery queue under trouble (issue 20): a process that died between a submission's files and its
 * record leaves nothing behind; two instances ticking at once deliver a receipt once; a delivered lead's local
 * copy is removed after the retention period, not before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LEAD_RETENTION_MS } from '../../domain/leads/index.ts'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { manualClock, startApprovalHarness, type ApprovalHarness } from '../../test-support/approval-harness.ts'
import { buildServer, oauthEnv } from '../../test-support/app-server.ts'
import { formFields, leadForm, samplePdf, siteInput, siteOrigin, submitLead } from '../../test-support/lead-forms.ts'
import { armDelivery, loadLead, writeChunks } from './lead-records.ts'
import { listLeadLog } from './lead-log.ts'

const clock = manualClock()
let store: Store
let h: ApprovalHarness
let siteKey: string
let address = 0

const submit = (name: string, files = [{ name: 'a.pdf', bytes: samplePdf }]) =>
  submitLead(
    h.server.app,
    siteKey,
    leadForm(formFields({ name, form_started_at: String(clock.now() - 10_000) }), files),
    {
      origin: siteOrigin,
      'x-forwarded-for': `192.0.2.${++address}`,
    },
  )

beforeAll(async () => {
  store = openSqliteStore({ file: ':memory:', now: () => clock.now() })
  h = await startApprovalHarness({ clock, store })
  siteKey = (await h.api(1, 'POST', '/api/app/sites', siteInput())).body.site.key
})
afterAll(async () => {
  await h.close()
})

describe('lead delivery queue', () => {
  it('removes the files of a submission whose record was never written (a crash in between)', async () => {
    const memberId = h.sandbox.memberId
    const item = { memberId, receiptId: '01JCRASHED0000000000000000', chunks: [0] }
    await armDelivery(store, item, clock.now() + 15_000)
    item.chunks[0] = await writeChunks(store, memberId, item.receiptId, 0, new Uint8Array(600_000))
    expect(item.chunks[0]).toBe(2)
    await armDelivery(store, item, clock.now() + 15_000)
    clock.advance(16_000)
    await h.tick()
    expect(await store.get(tenantKey(memberId, 'lead-chunk', item.receiptId, '0', '0'))).toBeNull()
    expect(await store.get(tenantKey(memberId, 'lead-chunk', item.receiptId, '0', '1'))).toBeNull()
    expect(await loadLead(store, memberId, item.receiptId)).toBeNull()
  })

  it('two instances ticking at once deliver a receipt once', async () => {
    h.sandbox.failNext('crm.lead.add', { status: 503, code: 'QUERY_LIMIT_EXCEEDED', times: 3 })
    const response = await submit('Два Экземпляра')
    const { receiptId } = (await response.json()) as { receiptId: string }
    await h.drain()
    const env = { ...oauthEnv(h.sandbox, h.listener.url), CRON_SECRET: 'cron-secret-0123456789' }
    const other = buildServer(env, { clock, store })
    const tick = (app: typeof other.app) =>
      app.request('/api/cron/tick', { method: 'POST', headers: { authorization: 'Bearer cron-secret-0123456789' } })
    for (let round = 0; round < 5; round += 1) {
      clock.advance(60_000)
      await Promise.all([h.tick(), tick(other.app), h.tick()])
    }
    await other.drain()
    expect(h.sandbox.leads().filter((l) => l['ORIGIN_ID'] === receiptId)).toHaveLength(1)
    expect((await loadLead(store, h.sandbox.memberId, receiptId))?.value.status).toBe('delivered')
    const comments = h.sandbox.timeline().filter((t) => t.COMMENT.includes(receiptId))
    expect(comments).toHaveLength(1)
  })

  it('keeps a delivered lead for the retention period, then removes it with its files', async () => {
    const response = await submit('Срок Хранения')
    const { receiptId } = (await response.json()) as { receiptId: string }
    await h.drain()
    const memberId = h.sandbox.memberId
    expect((await loadLead(store, memberId, receiptId))?.value.status).toBe('delivered')
    clock.advance(LEAD_RETENTION_MS - 60_000)
    await h.tick()
    expect(await loadLead(store, memberId, receiptId)).not.toBeNull()
    clock.advance(120_000)
    await h.tick()
    expect(await loadLead(store, memberId, receiptId)).toBeNull()
    expect(await store.get(tenantKey(memberId, 'lead-chunk', receiptId, '0', '0'))).toBeNull()
    const log = await listLeadLog(store, memberId, { limit: 100 })
    expect(log.entries.map((e) => e.receiptId)).not.toContain(receiptId)
  })
})
