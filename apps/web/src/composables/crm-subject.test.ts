import { describe, expect, it } from 'vitest'
import { fakePortalFrame } from '../test-support/portal-frame.ts'
import { fetchCrmSubject, toCrmSubject } from './crm-subject.ts'

describe('toCrmSubject', () => {
  it('takes the title, the amount Bitrix24 sends as a string, the currency and the card URL', () => {
    const record = { TITLE: ' Поставка оборудования ', OPPORTUNITY: '150000.50', CURRENCY_ID: 'RUB' }
    expect(toCrmSubject('deal', 21, record, 'https://portal.example')).toEqual({
      kind: 'deal',
      id: 21,
      title: 'Поставка оборудования',
      amount: 150000.5,
      currency: 'RUB',
      url: 'https://portal.example/crm/deal/details/21/',
    })
  })

  it.each([
    ['an amount nobody entered (0.00)', { OPPORTUNITY: '0.00', CURRENCY_ID: 'USD' }, null, 'USD'],
    ['no amount at all', { CURRENCY_ID: null }, null, null],
    ['a currency that is no ISO code', { OPPORTUNITY: 10, CURRENCY_ID: 'рубли' }, 10, null],
    ['a lower-case code', { OPPORTUNITY: '5', CURRENCY_ID: 'eur' }, 5, 'EUR'],
  ])('copes with %s', (_name, record, amount, currency) => {
    expect(toCrmSubject('lead', 4, record, 'http://127.0.0.1:8788')).toMatchObject({
      amount,
      currency,
      title: '',
      url: 'http://127.0.0.1:8788/crm/lead/details/4/',
    })
  })
})

describe('fetchCrmSubject', () => {
  it('reads a lead with crm.lead.get as the signed-in user', async () => {
    const calls: unknown[] = []
    const frame = fakePortalFrame({
      call: async <T>(method: string, params?: Record<string, unknown>) => {
        calls.push([method, params])
        return { TITLE: 'Сайт: заявка', OPPORTUNITY: '900.00', CURRENCY_ID: 'RUB' } as T
      },
    })
    const subject = await fetchCrmSubject(frame, 'lead', 7)
    expect(calls).toEqual([['crm.lead.get', { id: 7 }]])
    expect(subject).toMatchObject({ kind: 'lead', id: 7, title: 'Сайт: заявка', amount: 900 })
  })
})
