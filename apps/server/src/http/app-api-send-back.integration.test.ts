/**
 * "Send back (when enabled)" through the SPA API against the Bitrix24 sandbox: the portal default in
 * the settings, the template's value and the create body's override decide whether an approval takes a
 * send-back; a refused send-back is a 409 `SEND_BACK_DISABLED` that changes nothing, in the store or the portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApprovalRecord } from '../services/approvals/approval-records.ts'
import { approvalKey } from '../services/approvals/approval-records.ts'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

const ADMIN = 1
const INITIATOR = 3
const APPROVER = 2
let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(async () => {
  await h.close()
})

const stages = [{ approverIds: [APPROVER, 6], rule: { kind: 'all' } }]

async function start(extra: Record<string, unknown> = {}) {
  const res = await h.api(INITIATOR, 'POST', '/api/app/approvals', { title: 'Закупка мебели', stages, ...extra })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await h.drain()
  return res.body.approval as { id: string; isSendBackAllowed: boolean }
}

const view = async (id: string) => (await h.api(APPROVER, 'GET', `/api/app/approvals/${id}`)).body.approval
const stored = async (id: string) => (await h.server.store.get<ApprovalRecord>(approvalKey(h.sandbox.memberId, id)))!
const portalCounts = () => ({
  tasks: h.sandbox.tasks().map((t) => [t.ID, t.STATUS]),
  comments: h.sandbox.comments().length,
  notes: h.sandbox.notifications().length,
})

async function withDefault<T>(isSendBackAllowed: boolean, run: () => Promise<T>): Promise<T> {
  const current = (await h.api(ADMIN, 'GET', '/api/app/settings')).body.settings
  const changed = { ...current, defaults: { ...current.defaults, isSendBackAllowed } }
  expect((await h.api(ADMIN, 'PUT', '/api/app/settings', changed)).status).toBe(200)
  try {
    return await run()
  } finally {
    expect((await h.api(ADMIN, 'PUT', '/api/app/settings', current)).status).toBe(200)
  }
}

describe('send back for revision', () => {
  it('is allowed by default: the setting, the approval and its answers say so', async () => {
    expect((await h.api(INITIATOR, 'GET', '/api/app/settings')).body.settings.defaults.isSendBackAllowed).toBe(true)
    const a = await start()
    expect(a.isSendBackAllowed).toBe(true)
    expect((await view(a.id)).allowedResponses).toEqual(['approve', 'reject', 'send-back'])
    const res = await h.api(APPROVER, 'POST', `/api/app/approvals/${a.id}/decision`, { response: 'send-back' })
    expect(res.status).toBe(200)
    expect(res.body.approval.status).toBe('returned')
  })

  it('refuses a send-back on an approval started under a portal default of "off" and changes nothing', async () => {
    const a = await withDefault(false, () => start())
    expect(a.isSendBackAllowed).toBe(false)
    expect((await view(a.id)).allowedResponses).toEqual(['approve', 'reject'])
    const record = await stored(a.id)
    const portal = portalCounts()
    const res = await h.api(APPROVER, 'POST', `/api/app/approvals/${a.id}/decision`, {
      response: 'send-back',
      comment: 'Переделайте',
    })
    await h.drain()
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('SEND_BACK_DISABLED')
    expect(await stored(a.id)).toEqual(record)
    expect(portalCounts()).toEqual(portal)
    const approved = await h.api(APPROVER, 'POST', `/api/app/approvals/${a.id}/decision`, { response: 'approve' })
    expect(approved.status).toBe(200)
  })

  it('takes the value from the template, and the create body overrides both', async () => {
    const template = { name: 'Без возврата', stages, isSendBackAllowed: false }
    const created = await h.api(ADMIN, 'POST', '/api/app/templates', template)
    expect(created.status).toBe(201)
    expect(created.body.template.isSendBackAllowed).toBe(false)
    const templateId = created.body.template.id as string
    expect((await start({ templateId })).isSendBackAllowed).toBe(false)
    expect((await start({ templateId, isSendBackAllowed: true })).isSendBackAllowed).toBe(true)
    const onDefaultOff = await withDefault(false, () => start({ isSendBackAllowed: true }))
    expect(onDefaultOff.isSendBackAllowed).toBe(true)
    const replaced = await h.api(ADMIN, 'PUT', `/api/app/templates/${templateId}`, { name: 'Обычный', stages })
    expect(replaced.body.template).not.toHaveProperty('isSendBackAllowed')
    expect((await withDefault(false, () => start({ templateId }))).isSendBackAllowed).toBe(false)
    expect((await start({ templateId })).isSendBackAllowed).toBe(true)
  })

  it('refuses a non-boolean value with 400 and changes nothing', async () => {
    const before = (await h.api(ADMIN, 'GET', '/api/app/approvals?role=all&limit=100')).body.items.length
    const bad = await h.api(INITIATOR, 'POST', '/api/app/approvals', { title: 'x', stages, isSendBackAllowed: 'no' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
    expect((await h.api(ADMIN, 'GET', '/api/app/approvals?role=all&limit=100')).body.items.length).toBe(before)
    const settings = (await h.api(ADMIN, 'GET', '/api/app/settings')).body.settings
    const badSettings = { ...settings, defaults: { ...settings.defaults, isSendBackAllowed: 1 } }
    expect((await h.api(ADMIN, 'PUT', '/api/app/settings', badSettings)).status).toBe(400)
    expect((await h.api(ADMIN, 'GET', '/api/app/settings')).body.settings).toEqual(settings)
    const badTemplate = await h.api(ADMIN, 'POST', '/api/app/templates', { name: 't', stages, isSendBackAllowed: 'y' })
    expect(badTemplate.status).toBe(400)
  })

  it('lets an approval stored before the option existed be sent back', async () => {
    const a = await withDefault(false, () => start())
    const record = await stored(a.id)
    const { isSendBackAllowed: _dropped, ...legacy } = record.value.approval
    await h.server.store.put(approvalKey(h.sandbox.memberId, a.id), { ...record.value, approval: legacy })
    const before = await view(a.id)
    expect(before.isSendBackAllowed).toBe(true)
    expect(before.allowedResponses).toContain('send-back')
    const res = await h.api(APPROVER, 'POST', `/api/app/approvals/${a.id}/decision`, { response: 'send-back' })
    expect(res.status).toBe(200)
    expect(res.body.approval.status).toBe('returned')
  })
})
