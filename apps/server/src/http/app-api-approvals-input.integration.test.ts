/**
 * Bad input answers 4xx with a clear message and changes nothing; reading and listing respect roles
 * and filters with cursor pages; templates, settings and users; the cron route's secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvalIndex } from '../services/approvals/approval-records.ts'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let h: ApprovalHarness
/** The 51 users the test adds after the sandbox's 12 seed people. */
const many = Array.from({ length: 51 }, (_, i) => 13 + i)

beforeAll(async () => {
  h = await startApprovalHarness()
  expect(h.addUsers(51)).toEqual(many)
})
afterAll(async () => {
  await h.close()
})

const stage = (approverIds: number[]) => ({ approverIds, rule: { kind: 'all' } })

async function portalState() {
  const count = await h.server.store.indexSize(approvalIndex.all(h.sandbox.memberId))
  return { count, tasks: h.sandbox.tasks().length, notes: h.sandbox.notifications().length }
}

describe('bad input', () => {
  it.each([
    ['unknown approvers', { title: 'T', stages: [stage([2, 9999])] }, 'UNKNOWN_APPROVERS'],
    ['no approvers', { title: 'T', stages: [stage([])] }, 'VALIDATION_FAILED'],
    ['51 approvers', { title: 'T', stages: [stage([2, ...many.slice(0, 50)])] }, 'VALIDATION_FAILED'],
    ['an empty title', { title: '  ', stages: [stage([2])] }, 'VALIDATION_FAILED'],
    ['no stages', { title: 'T', stages: [] }, 'VALIDATION_FAILED'],
    [
      'a quorum above the stage',
      { title: 'T', stages: [{ approverIds: [2], rule: { kind: 'quorum', count: 2 } }] },
      'VALIDATION_FAILED',
    ],
    ['an unknown template', { title: 'T', templateId: 'NOPE', stages: [stage([2])] }, 'TEMPLATE_NOT_FOUND'],
    [
      'a deadline more than a year ahead (31.12.9999)',
      { title: 'T', stages: [stage([2])], deadline: { dueAt: '9999-12-31T23:59:00+03:00', action: 'reject' } },
      'INVALID_INPUT',
    ],
  ])('refuses %s and changes nothing', async (_name, body, code) => {
    const before = await portalState()
    const res = await h.api(3, 'POST', '/api/app/approvals', body)
    expect([400, 404]).toContain(res.status)
    expect(res.body.error.code).toBe(code)
    expect(res.body.error.message).toMatch(/\S/)
    await h.drain()
    expect(await portalState()).toEqual(before)
  })

  it('accepts exactly 50 approvers', async () => {
    const res = await h.api(3, 'POST', '/api/app/approvals', { title: 'Fifty', stages: [stage(many.slice(0, 50))] })
    expect(res.status).toBe(201)
    await h.drain()
  })

  it('refuses a decision by a non-approver (403) and on a closed approval (409), changing nothing', async () => {
    const created = await h.api(3, 'POST', '/api/app/approvals', { title: 'Закрытие', stages: [stage([2])] })
    const id = created.body.approval.id
    await h.drain()
    const stranger = await h.api(5, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })
    expect(stranger.status).toBe(403)
    expect(stranger.body.error.code).toBe('NOT_AN_APPROVER')
    expect((await h.api(2, 'POST', `/api/app/approvals/${id}/decision`, { response: 'maybe' })).status).toBe(400)
    expect((await h.api(2, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })).status).toBe(200)
    await h.drain()
    const before = await portalState()
    const again = await h.api(2, 'POST', `/api/app/approvals/${id}/decision`, { response: 'reject', comment: 'x' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_DECIDED')
    await h.drain()
    expect(await portalState()).toEqual(before)
    const read = await h.api(3, 'GET', `/api/app/approvals/${id}`)
    expect(read.body.approval.audit).toHaveLength(2)
  })

  it('answers 404 for an unknown approval and 403 to a user without a role', async () => {
    expect((await h.api(3, 'GET', '/api/app/approvals/01UNKNOWN')).status).toBe(404)
    const created = await h.api(3, 'POST', '/api/app/approvals', { title: 'Чужое', stages: [stage([2])] })
    await h.drain()
    expect((await h.api(8, 'GET', `/api/app/approvals/${created.body.approval.id}`)).status).toBe(403)
    expect((await h.api(1, 'GET', `/api/app/approvals/${created.body.approval.id}`)).status).toBe(200)
  })
})

describe('listing', () => {
  it('pages by cursor, newest first, filtered by role, status and text; all only for admins', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i += 1) {
      const res = await h.api(7, 'POST', '/api/app/approvals', { title: `Счёт №${i}`, stages: [stage([8])] })
      ids.push(res.body.approval.id)
    }
    await h.drain()
    await h.api(8, 'POST', `/api/app/approvals/${ids[0]}/decision`, { response: 'approve' })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = `/api/app/approvals?role=initiator&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = await h.api(7, 'GET', query)
      expect(page.status).toBe(200)
      expect(page.body.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.body.items.map((i: { id: string }) => i.id))
      cursor = page.body.cursor
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())
    const pending = await h.api(8, 'GET', '/api/app/approvals?role=approver&status=pending&limit=50')
    expect(pending.body.items.map((i: { id: string }) => i.id).sort()).toEqual(ids.slice(1).sort())
    const text = await h.api(7, 'GET', `/api/app/approvals?role=initiator&q=${encodeURIComponent('№3')}`)
    expect(text.body.items.map((i: { id: string }) => i.id)).toEqual([ids[3]])
    expect((await h.api(7, 'GET', '/api/app/approvals?role=all')).status).toBe(403)
    const all = await h.api(1, 'GET', '/api/app/approvals?role=all&limit=100')
    expect(all.body.items.length).toBeGreaterThanOrEqual(5)
    const future = await h.api(7, 'GET', `/api/app/approvals?role=initiator&from=2999-01-01T00:00:00Z`)
    expect(future.body.items).toEqual([])
  })

  it('refuses the list and the API without credentials', async () => {
    const res = await h.server.app.request('/api/app/approvals')
    expect(res.status).toBe(401)
  })
})

describe('templates, settings and users', () => {
  const template = { name: 'Закупка', stages: [stage([6])], commentPolicy: 'always' }

  it('adds the sample templates once, in the portal language, for admins only', async () => {
    expect((await h.api(3, 'POST', '/api/app/templates/samples')).status).toBe(403)
    const added = await h.api(1, 'POST', '/api/app/templates/samples')
    expect(added.status).toBe(201)
    const names = added.body.templates.map((t: { name: string }) => t.name)
    expect(names).toEqual(['Скидка клиенту', 'Закупка', 'Договор'])
    expect(added.body.templates[0].stages[0].approverIds).toEqual([1])
    expect((await h.api(1, 'POST', '/api/app/templates/samples')).body.templates).toEqual([])
    const listed = (await h.api(3, 'GET', '/api/app/templates')).body.templates.map((t: { name: string }) => t.name)
    expect(listed.filter((name: string) => names.includes(name))).toHaveLength(3)
    for (const { id } of added.body.templates) await h.api(1, 'DELETE', `/api/app/templates/${id}`)
  })

  it('lets admins manage templates and everyone read them', async () => {
    expect((await h.api(3, 'POST', '/api/app/templates', template)).status).toBe(403)
    const created = await h.api(1, 'POST', '/api/app/templates', template)
    expect(created.status).toBe(201)
    const id = created.body.template.id
    expect((await h.api(3, 'GET', '/api/app/templates')).body.templates.map((t: { id: string }) => t.id)).toContain(id)
    const updated = await h.api(1, 'PUT', `/api/app/templates/${id}`, { ...template, name: 'Закупка 2' })
    expect(updated.body.template.name).toBe('Закупка 2')
    const started = await h.api(3, 'POST', '/api/app/approvals', {
      title: 'По шаблону',
      templateId: id,
      stages: [stage([6])],
    })
    expect(started.status).toBe(201)
    await h.drain()
    expect((await h.api(1, 'DELETE', `/api/app/templates/${id}`)).status).toBe(200)
    expect((await h.api(1, 'GET', `/api/app/templates/${id}`)).status).toBe(404)
  })

  it('lets admins change settings; with write-back off no tasks or notifications are made', async () => {
    const current = (await h.api(3, 'GET', '/api/app/settings')).body.settings
    expect(current.writeBack).toEqual({ tasks: true, taskComments: true, timeline: true, notifications: true })
    const off = { ...current, writeBack: { tasks: false, taskComments: false, timeline: false, notifications: false } }
    expect((await h.api(3, 'PUT', '/api/app/settings', off)).status).toBe(403)
    expect((await h.api(1, 'PUT', '/api/app/settings', { ...off, calendar: { timeZone: 'Mars/Base' } })).status).toBe(
      400,
    )
    expect((await h.api(1, 'PUT', '/api/app/settings', off)).status).toBe(200)
    const before = await portalState()
    const res = await h.api(3, 'POST', '/api/app/approvals', { title: 'Тихо', stages: [stage([2])] })
    await h.drain()
    expect(res.status).toBe(201)
    const after = await portalState()
    expect([after.tasks, after.notes]).toEqual([before.tasks, before.notes])
    expect((await h.api(1, 'PUT', '/api/app/settings', current)).status).toBe(200)
  })

  it('lists the portal users for pickers from the cache', async () => {
    const res = await h.api(3, 'GET', `/api/app/users?q=${encodeURIComponent('Смирнова')}`)
    expect(res.status).toBe(200)
    expect(res.body.users).toEqual([expect.objectContaining({ id: 1, name: 'Анна Смирнова', departmentIds: [1] })])
    const calls = h.sandbox.restLog().length
    expect((await h.api(3, 'GET', '/api/app/users')).body.users.length).toBe(12 + 51)
    expect(h.sandbox.restLog().length).toBe(calls)
  })
})

describe('cron tick', () => {
  it('refuses a tick without the secret and runs one with it', async () => {
    const refused = await h.server.app.request('/api/cron/tick', { headers: { authorization: 'Bearer wrong' } })
    expect(refused.status).toBe(401)
    const tick = await h.tick()
    expect(tick.status).toBe(200)
    expect(tick.body.tick).toMatchObject({ timers: { claimed: 0 }, outbox: { claimed: 0 } })
  })
})
