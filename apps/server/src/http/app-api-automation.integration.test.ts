/**
 * The Automation page's API against the Bitrix24 sandbox: only admins read and write rules, bad input is refused
 * with a 4xx and changes nothing, and the pickers get the portal's own pipelines, stages, statuses and sources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let h: ApprovalHarness
let templateId: string
const ADMIN = 1
const MANAGER = 3

beforeAll(async () => {
  h = await startApprovalHarness()
  const template = await h.api(ADMIN, 'POST', '/api/app/templates', {
    name: 'Финансы',
    stages: [{ approverIds: [6], rule: { kind: 'all' } }],
  })
  templateId = template.body.template.id
})
afterAll(async () => {
  await h.close()
})

const rule = () => ({
  name: 'Закупки дороже 1 млн',
  trigger: { event: 'deal-stage', pipelineId: 1, stageId: 'C1:PREPARATION' },
  conditions: [
    { field: 'amount', operator: 'gte', value: 1_000_000, currency: 'RUB' },
    { field: 'responsible', departmentIds: [5] },
  ],
  action: { templateId, approvers: { kind: 'responsible-head' }, stageOnApproved: 'C1:EXECUTING' },
})

const rules = async () => (await h.api(ADMIN, 'GET', '/api/app/automation/rules')).body.rules as { id: string }[]

describe('automation rules API', () => {
  it('creates, lists, replaces and deletes a rule for an admin', async () => {
    const created = await h.api(ADMIN, 'POST', '/api/app/automation/rules', rule())
    expect(created.status).toBe(201)
    expect(created.body.rule).toMatchObject({ ...rule(), isActive: true, updatedBy: ADMIN })
    const id = created.body.rule.id as string
    expect(await rules()).toMatchObject([{ id, activity: { startedCount: 0, lastStarted: null, lastFailure: null } }])
    const replaced = await h.api(ADMIN, 'PUT', `/api/app/automation/rules/${id}`, { ...rule(), isActive: false })
    expect(replaced.status).toBe(200)
    expect(replaced.body.rule).toMatchObject({ id, isActive: false, createdAt: created.body.rule.createdAt })
    expect((await h.api(ADMIN, 'DELETE', `/api/app/automation/rules/${id}`)).status).toBe(200)
    expect(await rules()).toEqual([])
    expect((await h.api(ADMIN, 'DELETE', `/api/app/automation/rules/${id}`)).status).toBe(404)
  })

  it('refuses everyone but admins, reading included', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/app/automation/rules', undefined],
      ['POST', '/api/app/automation/rules', rule()],
    ] as const) {
      const res = await h.api(MANAGER, method, path, body)
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('ADMIN_REQUIRED')
    }
    expect(await rules()).toEqual([])
  })

  it.each([
    [
      'a stage of another pipeline',
      { trigger: { event: 'deal-stage', pipelineId: 0, stageId: 'C1:NEW' } },
      'trigger.stageId',
    ],
    ['an unknown condition', { conditions: [{ field: 'weather', value: 'sunny' }] }, 'conditions.0.field'],
    ['no approvers', { action: { templateId, approvers: { kind: 'users', userIds: [] } } }, 'action.approvers.userIds'],
    ['a name too long', { name: 'x'.repeat(256) }, 'name'],
  ])('refuses %s with 400 and stores nothing', async (_label, change, path) => {
    const res = await h.api(ADMIN, 'POST', '/api/app/automation/rules', { ...rule(), ...change })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path)
    expect(await rules()).toEqual([])
  })

  it('refuses a template the portal does not have, and a rule that does not exist', async () => {
    const missing = { ...rule(), action: { ...rule().action, templateId: 'NOSUCHTEMPLATE' } }
    const res = await h.api(ADMIN, 'POST', '/api/app/automation/rules', missing)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('TEMPLATE_NOT_FOUND')
    expect((await h.api(ADMIN, 'PUT', '/api/app/automation/rules/NOSUCHRULE', rule())).status).toBe(404)
    expect((await h.api(ADMIN, 'PUT', '/api/app/automation/rules/bad:id', rule())).status).toBe(400)
    expect(await rules()).toEqual([])
  })
})

describe('CRM catalog for the pickers', () => {
  it('lists the pipelines with their stages, the lead statuses and the sources', async () => {
    const res = await h.api(ADMIN, 'GET', '/api/app/crm-catalog')
    expect(res.status).toBe(200)
    const { pipelines, leadStatuses, sources } = res.body.catalog
    expect(pipelines.map((p: { id: number; name: string }) => [p.id, p.name])).toEqual([
      [0, 'Продажи'],
      [1, 'Закупки'],
    ])
    expect(pipelines[0].stages[0]).toEqual({ id: 'NEW', name: expect.any(String), semantics: 'process' })
    expect(pipelines[1].stages.every((s: { id: string }) => s.id.startsWith('C1:'))).toBe(true)
    expect(pipelines[0].stages.map((s: { semantics: string }) => s.semantics)).toContain('success')
    expect(leadStatuses.map((s: { id: string }) => s.id)).toContain('CONVERTED')
    expect(sources.map((s: { id: string }) => s.id)).toContain('CALL')
  })
})
