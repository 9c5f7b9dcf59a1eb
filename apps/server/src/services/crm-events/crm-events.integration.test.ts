/**
 * CRM event processing against the Bitrix24 sandbox through the real b24jssdk: online deliveries read in batches,
 * entries detected against the last-seen stage, the offline queue drained by the cron tick as the backstop for
 * lost deliveries (every entry, none twice), and deleted deals ending their approvals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CrmEntry } from '../../domain/index.ts'
import { startApprovalHarness, type ApprovalHarness } from '../../test-support/approval-harness.ts'

let h: ApprovalHarness
const delivered: { memberId: string; entry: CrmEntry }[] = []

beforeAll(async () => {
  h = await startApprovalHarness({ onCrmEntry: async (memberId, entry) => void delivered.push({ memberId, entry }) })
})
afterAll(async () => {
  await h.close()
})

/** Lets the portal deliver what it fired, then waits for everything the app deferred (inbox, reader). */
async function settle() {
  await h.sandbox.flushEvents()
  await h.drain()
}

const entriesOf = (kind: 'deal' | 'lead', id: number) =>
  delivered.filter((d) => d.entry.kind === kind && d.entry.entityId === id).map((d) => d.entry)
const triggers = (kind: 'deal' | 'lead', id: number) =>
  entriesOf(kind, id).map((e) => (e.trigger === 'created' ? 'created' : `stage ${e.facts.stageId}`))
const addDeal = async (title: string, fields: Record<string, unknown> = {}) =>
  Number(await h.sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: title, OPPORTUNITY: 50000, ...fields } }))
const moveDeal = (id: number, stageId: string) =>
  h.sandbox.callAsUser(1, 'crm.deal.update', { id, fields: { STAGE_ID: stageId } })
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function duplicates(): string[] {
  const counts = new Map<string, number>()
  for (const { entry } of delivered) {
    const key = `${entry.kind}:${entry.entityId}:${entry.entryId}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].filter(([, n]) => n > 1).map(([key]) => key)
}

describe('CRM events', () => {
  it('detects a created deal and its stage entries from online events, with the facts rules read', async () => {
    const id = await addDeal('Поставка станков')
    await settle()
    await moveDeal(id, 'PREPARATION')
    await moveDeal(id, 'PREPAYMENT_INVOICE')
    await settle()
    // The two moves arrived close together and were read together: only the stage the deal is in is an entry.
    expect(triggers('deal', id)).toEqual(['created', 'stage NEW', 'stage PREPAYMENT_INVOICE'])
    const entry = entriesOf('deal', id).at(-1)!
    expect(entry).toMatchObject({ trigger: 'stage', entityId: id, kind: 'deal' })
    expect(entry.facts).toMatchObject({ title: 'Поставка станков', amount: 50000, currency: 'RUB', pipelineId: 0 })
    expect(entry.facts.responsibleId).toBe(1)
    expect(delivered.every((d) => d.memberId === h.sandbox.memberId)).toBe(true)
  })

  it('reads many changed deals with one list call per 50 ids, in one batch request', async () => {
    const ids: number[] = []
    for (let i = 0; i < 60; i += 1) ids.push(await addDeal(`Партия ${i}`))
    await settle()
    const before = h.sandbox.restLog().length
    for (const id of ids) await moveDeal(id, 'PREPARATION')
    await settle()
    const calls = h.sandbox.restLog().slice(before)
    const batches = calls.filter((c) => c.method === 'batch')
    expect(calls.filter((c) => c.method === 'crm.deal.list')).toEqual([])
    expect(batches.length).toBeLessThanOrEqual(2)
    for (const id of ids) expect(triggers('deal', id)).toEqual(['created', 'stage NEW', 'stage PREPARATION'])
  })

  it('leaving a stage and coming back is a new entry', async () => {
    const id = await addDeal('Возврат на этап')
    await settle()
    await moveDeal(id, 'PREPARATION')
    await settle()
    await pause(1_100) // Bitrix24 stamps moves in whole seconds
    await moveDeal(id, 'NEW')
    await settle()
    await pause(1_100)
    await moveDeal(id, 'PREPARATION')
    await settle()
    expect(triggers('deal', id)).toEqual([
      'created',
      'stage NEW',
      'stage PREPARATION',
      'stage NEW',
      'stage PREPARATION',
    ])
    const ids = entriesOf('deal', id).map((e) => e.entryId)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('with online deliveries lost, the cron tick drains the offline queue: every entry, none twice', async () => {
    const seen = await addDeal('Уже известная')
    await settle()
    h.sandbox.loseNextDeliveries('ONCRMDEALADD', 1)
    const lostAdd = await addDeal('Потерянное создание')
    const moved = [await addDeal('Сделка А'), await addDeal('Сделка Б'), await addDeal('Сделка В')]
    await settle()
    h.sandbox.loseNextDeliveries('ONCRMDEALUPDATE', 2)
    for (const id of [...moved, seen]) await moveDeal(id, 'EXECUTING')
    h.sandbox.loseNextDeliveries('ONCRMLEADADD', 1)
    const lead = Number(await h.sandbox.callAsUser(1, 'crm.lead.add', { fields: { TITLE: 'Лид с сайта' } }))
    await settle()
    expect(h.sandbox.events().filter((e) => e.error?.startsWith('lost'))).toHaveLength(4)
    expect(triggers('deal', lostAdd)).toEqual([])
    expect(triggers('lead', lead)).toEqual([])

    expect((await h.tick()).status).toBe(200)
    await settle()
    expect(triggers('deal', lostAdd)).toEqual(['created', 'stage NEW'])
    for (const id of [...moved, seen]) expect(triggers('deal', id)).toEqual(['created', 'stage NEW', 'stage EXECUTING'])
    expect(triggers('lead', lead)).toEqual(['created', 'stage NEW'])
    expect(duplicates()).toEqual([])
    // Everything taken from the offline queue was cleared; another tick finds nothing new.
    expect(h.sandbox.offlineEvents()).toEqual([])
    const count = delivered.length
    expect((await h.tick()).status).toBe(200)
    await settle()
    expect(delivered).toHaveLength(count)
  })

  it('a deleted deal cancels its pending approvals, audited on the bitrix24 channel', async () => {
    const id = await addDeal('Сделка под удаление')
    await settle()
    const body = {
      ...{ title: 'Скидка 20%', subject: { kind: 'deal', id }, commentPolicy: 'optional' },
      stages: [{ approverIds: [2], rule: { kind: 'all' } }],
    }
    const started = await h.api(1, 'POST', '/api/app/approvals', body)
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    const approvalId = started.body.approval.id as string
    await h.drain()

    await h.sandbox.callAsUser(3, 'crm.deal.delete', { id })
    await settle()
    const read = await h.api(1, 'GET', `/api/app/approvals/${approvalId}`)
    expect(read.body.approval.status).toBe('cancelled')
    const cancel = (read.body.approval.audit as { action: string }[]).filter((a) => a.action === 'cancel')
    expect(cancel).toEqual([
      expect.objectContaining({ actorId: 3, actingFor: 1, channel: 'bitrix24', comment: 'Сделка удалена в Bitrix24' }),
    ])

    // The offline queue reports the deletion again on the next tick: nothing more happens.
    expect((await h.tick()).status).toBe(200)
    await settle()
    const again = await h.api(1, 'GET', `/api/app/approvals/${approvalId}`)
    expect((again.body.approval.audit as { action: string }[]).filter((a) => a.action === 'cancel')).toHaveLength(1)
  })
})
