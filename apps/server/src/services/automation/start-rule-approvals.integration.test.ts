/**
 * Automation rules against the Bitrix24 sandbox: an admin saves a template and rules through the SPA API, deals
 * are created and moved in the sandbox, and the CRM entry consumer is called with what the portal holds — one
 * approval per rule and entry, however often the entry arrives, and the stage moves written back when it ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CrmRecord } from '../../../../sandbox/src/bitrix24/state.ts'
import type { CrmEntry } from '../../domain/index.ts'
import { startApprovalHarness, type ApprovalHarness } from '../../test-support/approval-harness.ts'
import { ruleEntryKey, type RuleEntryRun } from './rule-runs.ts'
import { abandonedRunMs } from './start-rule-approvals.ts'

let h: ApprovalHarness
let templateId: string
const ADMIN = 1
const MANAGER = 3
const APPROVER = 6

beforeAll(async () => {
  // The entries here are made by hand: the app's own detection of the sandbox's deals starts nothing, so each
  // approval counted is one of these calls (crm-rules-e2e.integration.test.ts covers the two joined).
  h = await startApprovalHarness({ onCrmEntry: async () => undefined })
  const template = await h.api(ADMIN, 'POST', '/api/app/templates', {
    name: 'Крупная сделка',
    stages: [{ approverIds: [APPROVER], rule: { kind: 'all' } }],
  })
  expect(template.status).toBe(201)
  templateId = template.body.template.id
})
afterAll(async () => {
  await h.close()
})

async function saveRule(body: Record<string, unknown>) {
  const res = await h.api(ADMIN, 'POST', '/api/app/automation/rules', body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.rule as { id: string }
}

async function addDeal(fields: Record<string, unknown>): Promise<number> {
  return Number(await h.sandbox.callAsUser(MANAGER, 'crm.deal.add', { fields }))
}

async function moveDeal(id: number, stageId: string) {
  await h.sandbox.callAsUser(MANAGER, 'crm.deal.update', { id, fields: { STAGE_ID: stageId } })
}

const dealOf = (id: number): CrmRecord => h.sandbox.deals().find((d) => d.ID === String(id))!

/** The entry the CRM event processing reports for a deal as the portal holds it now. */
function entryOf(id: number, trigger: CrmEntry['trigger'], entryId: string): CrmEntry {
  const deal = dealOf(id)
  return {
    kind: 'deal',
    entityId: id,
    trigger,
    entryId,
    at: new Date().toISOString(),
    facts: {
      title: String(deal['TITLE']),
      amount: Number(deal['OPPORTUNITY']),
      currency: String(deal['CURRENCY_ID']),
      pipelineId: Number(deal['CATEGORY_ID']),
      stageId: String(deal['STAGE_ID']),
      sourceId: String(deal['SOURCE_ID'] ?? ''),
      responsibleId: Number(deal['ASSIGNED_BY_ID']),
      userFields: {},
    },
  }
}

async function deliver(entry: CrmEntry, times = 1) {
  const consumer = h.graph().onCrmEntry
  await Promise.all(Array.from({ length: times }, () => consumer(h.sandbox.memberId, entry)))
  await h.drain()
}

async function approvalsOf(dealId: number) {
  const res = await h.api(ADMIN, 'GET', `/api/app/subjects/deal/${dealId}/approvals`)
  expect(res.status).toBe(200)
  return res.body.items as { id: string; status: string; title: string }[]
}

async function decide(approvalId: string, response: 'approve' | 'reject') {
  const res = await h.api(APPROVER, 'POST', `/api/app/approvals/${approvalId}/decision`, { response, comment: 'ок' })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  await h.drain()
}

describe('a rule on deal creation with an amount threshold', () => {
  let ruleId: string
  beforeAll(async () => {
    const rule = await saveRule({
      name: 'Сделки от 100 000 ₽',
      trigger: { event: 'deal-created' },
      conditions: [{ field: 'amount', operator: 'gte', value: 100_000, currency: 'RUB' }],
      action: { templateId, approvers: { kind: 'template' } },
    })
    ruleId = rule.id
  })

  it('starts exactly one approval for a deal at or above the threshold, however often the entry arrives', async () => {
    const id = await addDeal({ TITLE: 'Поставка станков', OPPORTUNITY: 100_000, CURRENCY_ID: 'RUB' })
    const entry = entryOf(id, 'created', `deal-${id}-created`)
    await deliver(entry, 5)
    await deliver(entry)
    const approvals = await approvalsOf(id)
    expect(approvals).toHaveLength(1)
    const page = await h.api(ADMIN, 'GET', `/api/app/approvals/${approvals[0]!.id}`)
    expect(page.body.approval).toMatchObject({
      title: 'Поставка станков',
      initiatorId: MANAGER,
      templateId,
      subject: {
        kind: 'deal',
        id,
        amount: 100_000,
        currency: 'RUB',
        url: expect.stringContaining(`/crm/deal/details/${id}/`),
      },
      rule: { id: ruleId, name: 'Сделки от 100 000 ₽' },
    })
    // The approver got their Bitrix24 task, bound to the deal.
    expect(
      h.sandbox.tasks().filter((t) => t.RESPONSIBLE_ID === APPROVER && t.UF_CRM_TASK.includes(`D_${id}`)),
    ).toHaveLength(1)
    const rules = await h.api(ADMIN, 'GET', '/api/app/automation/rules')
    const listed = rules.body.rules.find((r: { id: string }) => r.id === ruleId)
    expect(listed.activity).toMatchObject({ lastStarted: { approvalId: approvals[0]!.id, entityId: id } })
  })

  it('starts none for a deal below the threshold or in another currency', async () => {
    const small = await addDeal({ TITLE: 'Канцтовары', OPPORTUNITY: 99_999.99, CURRENCY_ID: 'RUB' })
    const dollars = await addDeal({ TITLE: 'Лицензии', OPPORTUNITY: 500_000, CURRENCY_ID: 'USD' })
    await deliver(entryOf(small, 'created', `deal-${small}-created`))
    await deliver(entryOf(dollars, 'created', `deal-${dollars}-created`))
    expect(await approvalsOf(small)).toEqual([])
    expect(await approvalsOf(dollars)).toEqual([])
  })

  it('loses nothing when the portal fails: the next delivery of the entry starts the approval', async () => {
    const id = await addDeal({ TITLE: 'Сервер', OPPORTUNITY: 300_000, CURRENCY_ID: 'RUB' })
    const entry = entryOf(id, 'created', `deal-${id}-created`)
    await h.server.store.delete(`p:${h.sandbox.memberId}:people`)
    h.sandbox.failNext('user.get', { status: 500, code: 'INTERNAL_SERVER_ERROR', times: 1 })
    await expect(h.graph().onCrmEntry(h.sandbox.memberId, entry)).rejects.toThrow()
    expect(await approvalsOf(id)).toEqual([])
    await deliver(entry)
    expect(await approvalsOf(id)).toHaveLength(1)
  })
})

describe('an attempt that died midway', () => {
  it('is left alone while it may still run, and taken over with its reserved id once abandoned', async () => {
    const rules = (await h.api(ADMIN, 'GET', '/api/app/automation/rules')).body.rules as { id: string }[]
    const id = await addDeal({ TITLE: 'Оборудование', OPPORTUNITY: 200_000, CURRENCY_ID: 'RUB' })
    const entry = entryOf(id, 'created', `deal-${id}-created`)
    const key = ruleEntryKey(h.sandbox.memberId, rules[0]!.id, entry)
    const run: RuleEntryRun = { state: 'starting', approvalId: '01JDRULERUNRESERVED0000001', at: Date.now() }
    await h.server.store.put(key, run)
    await deliver(entry)
    expect(await approvalsOf(id)).toEqual([])
    await h.server.store.put(key, { ...run, at: Date.now() - abandonedRunMs - 1 })
    await deliver(entry)
    expect((await approvalsOf(id)).map((a) => a.id)).toEqual([run.approvalId])
    expect((await h.server.store.get<RuleEntryRun>(key))?.value.state).toBe('started')
  })
})

describe('a rule on entering a stage, with stage moves when the approval ends', () => {
  beforeAll(async () => {
    await saveRule({
      name: 'Подготовка документов',
      trigger: { event: 'deal-stage', pipelineId: 0, stageId: 'PREPARATION' },
      conditions: [{ field: 'amount', operator: 'gte', value: 50_000, currency: 'RUB' }],
      action: { templateId, approvers: { kind: 'template' }, stageOnApproved: 'EXECUTING', stageOnRejected: 'LOSE' },
    })
  })

  it('starts one approval per entry: leaving the stage and coming back is a new entry', async () => {
    const id = await addDeal({ TITLE: 'Монтаж', OPPORTUNITY: 60_000, CURRENCY_ID: 'RUB' })
    await moveDeal(id, 'PREPARATION')
    await deliver(entryOf(id, 'stage', `deal-${id}-1`), 3)
    expect(await approvalsOf(id)).toHaveLength(1)
    await moveDeal(id, 'NEW')
    await deliver(entryOf(id, 'stage', `deal-${id}-2`))
    expect(await approvalsOf(id)).toHaveLength(1)
    await moveDeal(id, 'PREPARATION')
    await deliver(entryOf(id, 'stage', `deal-${id}-3`))
    await deliver(entryOf(id, 'stage', `deal-${id}-1`))
    expect(await approvalsOf(id)).toHaveLength(2)
  })

  it('moves the deal to the approved stage when the approval is approved', async () => {
    const id = await addDeal({ TITLE: 'Аудит', OPPORTUNITY: 70_000, CURRENCY_ID: 'RUB', STAGE_ID: 'PREPARATION' })
    await deliver(entryOf(id, 'stage', `deal-${id}-1`))
    const [approval] = await approvalsOf(id)
    expect(dealOf(id)['STAGE_ID']).toBe('PREPARATION')
    await decide(approval!.id, 'approve')
    expect(dealOf(id)['STAGE_ID']).toBe('EXECUTING')
  })

  it('moves the deal to the rejected stage when the approval is rejected, once', async () => {
    const id = await addDeal({ TITLE: 'Обучение', OPPORTUNITY: 80_000, CURRENCY_ID: 'RUB', STAGE_ID: 'PREPARATION' })
    await deliver(entryOf(id, 'stage', `deal-${id}-1`))
    const [approval] = await approvalsOf(id)
    await decide(approval!.id, 'reject')
    expect(dealOf(id)['STAGE_ID']).toBe('LOSE')
    await h.tick()
    await h.drain()
    // The move went out in one batch command, and the tick sent nothing again.
    const sent = JSON.stringify(h.sandbox.restLog().map((e) => e.params))
    expect(sent.split(`crm.deal.update?id=${id}&fields%5BSTAGE_ID%5D=LOSE`)).toHaveLength(2)
  })
})

describe('a rule that cannot start its approval', () => {
  it('records why on the rule and does not retry the entry', async () => {
    // User 1 heads the company: nobody heads them.
    const rule = await saveRule({
      name: 'Руководитель ответственного',
      trigger: { event: 'deal-created' },
      conditions: [{ field: 'responsible', userIds: [ADMIN] }],
      action: { templateId, approvers: { kind: 'responsible-head' } },
    })
    const id = Number(await h.sandbox.callAsUser(ADMIN, 'crm.deal.add', { fields: { TITLE: 'Без руководителя' } }))
    await deliver(entryOf(id, 'created', `deal-${id}-created`), 2)
    expect(await approvalsOf(id)).toEqual([])
    const rules = await h.api(ADMIN, 'GET', '/api/app/automation/rules')
    const listed = rules.body.rules.find((r: { id: string }) => r.id === rule.id)
    expect(listed.activity).toMatchObject({
      startedCount: 0,
      lastFailure: { code: 'NO_RESPONSIBLE_HEAD', kind: 'deal', entityId: id },
    })
  })
})
