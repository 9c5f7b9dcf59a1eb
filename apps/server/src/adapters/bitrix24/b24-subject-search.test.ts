/** The picker's search from the answers `crm.*.list`, `crm.status.list` and `crm.contact.list` give in a `batch`. */
import { describe, expect, it } from 'vitest'
import { PermissionError, ValidationError } from '../../ports/errors.ts'
import type { BatchOutcome, RestClient, RestParams } from './b24-rest.ts'
import { searchSubjects } from './b24-subject-search.ts'

type Calls = Record<string, [string, RestParams?]>

/** A REST pipe answering each batch command by its method; every batch is recorded. */
function restAnswering(answer: (method: string, params: RestParams) => BatchOutcome) {
  const batches: Calls[] = []
  const rest = {
    batch: async (calls: Calls) => {
      batches.push(calls)
      return Object.fromEntries(
        Object.entries(calls).map(([key, [method, params]]) => [key, answer(method, params ?? {})]),
      )
    },
  } as unknown as RestClient
  return { rest, batches }
}

const ok = (result: unknown): BatchOutcome => ({ ok: true, result })
const deal = (ID: string, TITLE: string, extra: Record<string, unknown> = {}) => ({
  ...{ ID, TITLE, STAGE_ID: 'C1:NEW', OPPORTUNITY: '0.00', CURRENCY_ID: 'RUB', CONTACT_ID: null },
  ...extra,
})

describe('searchSubjects', () => {
  it('puts the item a typed id names first, once, and asks for contacts only when a match has one', async () => {
    const { rest, batches } = restAnswering((method, params) => {
      if (method === 'crm.status.list') return ok([{ ENTITY_ID: 'DEAL_STAGE_1', STATUS_ID: 'C1:NEW', NAME: 'Заявка' }])
      if (method === 'crm.contact.list') return ok([{ ID: '9', NAME: 'Анна', LAST_NAME: 'Смирнова' }])
      const filter = params['filter'] as Record<string, unknown>
      if ('ID' in filter) return ok([deal('21', 'Аренда', { CONTACT_ID: '9', OPPORTUNITY: '500.50' })])
      return ok([deal('7', 'Заказ 21 шт.'), deal('21', 'Аренда', { CONTACT_ID: '9' })])
    })
    const found = await searchSubjects(rest, 'deal', ' 21 ')
    expect(found).toEqual([
      {
        kind: 'deal',
        id: 21,
        title: 'Аренда',
        stage: 'Заявка',
        amount: 500.5,
        currency: 'RUB',
        client: 'Анна Смирнова',
      },
      { kind: 'deal', id: 7, title: 'Заказ 21 шт.', stage: 'Заявка', amount: null, currency: 'RUB', client: null },
    ])
    expect(batches[0]!['byTitle']).toEqual([
      'crm.deal.list',
      expect.objectContaining({ filter: { '%TITLE': '21' }, start: -1, order: { DATE_MODIFY: 'DESC' } }),
    ])
    expect(batches[1]!['contacts']![1]).toMatchObject({ filter: { '@ID': [9] } })
    expect(batches).toHaveLength(2)
  })

  it("names a lead by its company, else its person; a refused stage list leaves the stage's id", async () => {
    const { rest, batches } = restAnswering((method) => {
      if (method === 'crm.status.list') {
        return { ok: false, error: new PermissionError('BITRIX24_ACCESS_DENIED', 'Access denied') }
      }
      return ok([
        { ID: '1', TITLE: 'Сайт', STATUS_ID: 'NEW', COMPANY_TITLE: 'ООО «Вектор»', NAME: 'Иван' },
        { ID: '2', TITLE: 'Звонок', STATUS_ID: 'IN_PROCESS', NAME: 'Ирина', LAST_NAME: 'Белова' },
      ])
    })
    const found = await searchSubjects(rest, 'lead', 'заявка')
    expect(found.map((m) => [m.id, m.client, m.stage])).toEqual([
      [1, 'ООО «Вектор»', 'NEW'],
      [2, 'Ирина Белова', 'IN_PROCESS'],
    ])
    expect(Object.keys(batches[0]!)).toEqual(['byTitle', 'stages'])
  })

  it('gives at most 20 matches and throws when the portal refuses the list itself', async () => {
    const many = Array.from({ length: 50 }, (_, i) => deal(String(i + 1), `Серия ${i}`))
    const { rest } = restAnswering((method) => ok(method === 'crm.status.list' ? [] : many))
    expect(await searchSubjects(rest, 'deal', 'серия')).toHaveLength(20)
    const refused = restAnswering(() => ({ ok: false, error: new ValidationError('BITRIX24_ERROR', 'bad filter') }))
    await expect(searchSubjects(refused.rest, 'deal', 'x')).rejects.toMatchObject({ code: 'BITRIX24_ERROR' })
  })
})
