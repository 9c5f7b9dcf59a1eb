/**
 * CRM event processing joined to the automation rules in production wiring: no test consumer of entries, a rule
 * saved through the SPA API, deals created in the Bitrix24 sandbox, and the portal's own deliveries (online and,
 * on the cron tick, the offline queue) starting the approvals — one per deal and entry, none below the threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../../test-support/approval-harness.ts'

let h: ApprovalHarness
const ADMIN = 1
const MANAGER = 3
const APPROVER = 6

beforeAll(async () => {
  h = await startApprovalHarness()
  const template = await h.api(ADMIN, 'POST', '/api/app/templates', {
    name: 'Крупная сделка',
    stages: [{ approverIds: [APPROVER], rule: { kind: 'all' } }],
  })
  expect(template.status, JSON.stringify(template.body)).toBe(201)
  const rule = await h.api(ADMIN, 'POST', '/api/app/automation/rules', {
    name: 'Сделки от 1 000 ₽',
    trigger: { event: 'deal-created' },
    conditions: [{ field: 'amount', operator: 'gte', value: 1000, currency: 'RUB' }],
    action: { templateId: template.body.template.id, approvers: { kind: 'template' } },
  })
  expect(rule.status, JSON.stringify(rule.body)).toBe(201)
})
afterAll(async () => {
  await h.close()
})

/** Lets the portal deliver what it fired, then waits for everything the app deferred. */
async function settle() {
  await h.sandbox.flushEvents()
  await h.drain()
}

const addDeal = async (title: string, amount: number) =>
  Number(
    await h.sandbox.callAsUser(MANAGER, 'crm.deal.add', {
      fields: { TITLE: title, OPPORTUNITY: amount, CURRENCY_ID: 'RUB' },
    }),
  )

async function approvalsOf(dealId: number) {
  const res = await h.api(ADMIN, 'GET', `/api/app/subjects/deal/${dealId}/approvals`)
  expect(res.status).toBe(200)
  return res.body.items as { id: string }[]
}

describe('a deal-created rule, fed by the CRM event processing', () => {
  it('starts exactly one approval for a deal of 5000 ₽, however often the entry is delivered', async () => {
    const id = await addDeal('Поставка станков', 5000)
    await settle()
    const approvals = await approvalsOf(id)
    expect(approvals).toHaveLength(1)
    const page = await h.api(ADMIN, 'GET', `/api/app/approvals/${approvals[0]!.id}`)
    expect(page.body.approval).toMatchObject({
      initiatorId: MANAGER,
      subject: { kind: 'deal', id, amount: 5000, currency: 'RUB' },
      rule: { name: 'Сделки от 1 000 ₽' },
    })

    // The portal delivers the same event again, then the cron tick drains the offline queue, which reports the
    // creation once more: nothing new starts.
    const delivery = h.sandbox
      .events()
      .find((e) => e.event === 'ONCRMDEALADD' && new URLSearchParams(e.body).get('data[FIELDS][ID]') === String(id))!
    expect(delivery.status).toBe(200)
    const again = await fetch(delivery.handler, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: delivery.body,
    })
    expect(again.status).toBe(200)
    await h.drain()
    expect((await approvalsOf(id)).map((a) => a.id)).toEqual([approvals[0]!.id])
    expect((await h.tick()).status).toBe(200)
    await settle()
    expect((await approvalsOf(id)).map((a) => a.id)).toEqual([approvals[0]!.id])
  })

  it('starts one approval when the online delivery is lost and the cron tick picks the deal up', async () => {
    h.sandbox.loseNextDeliveries('ONCRMDEALADD', 1)
    const id = await addDeal('Потерянное создание', 5000)
    await settle()
    expect(await approvalsOf(id)).toEqual([])
    expect((await h.tick()).status).toBe(200)
    await settle()
    expect(await approvalsOf(id)).toHaveLength(1)
    expect((await h.tick()).status).toBe(200)
    await settle()
    expect(await approvalsOf(id)).toHaveLength(1)
  })

  it('starts none for a deal of 10 ₽', async () => {
    const id = await addDeal('Канцтовары', 10)
    await settle()
    expect((await h.tick()).status).toBe(200)
    await settle()
    expect(await approvalsOf(id)).toEqual([])
  })
})
