import { describe, expect, it } from 'vitest'
import { applyFilter, applyOrder, applySelect, paginate } from './list.ts'
import { createLeakyBucket } from './rate-limit.ts'

const rows = [
  { ID: '1', TITLE: 'Поставка', STAGE_ID: 'NEW', OPPORTUNITY: '100.00', UF_CRM_X: 'a' },
  { ID: '2', TITLE: 'Аудит', STAGE_ID: 'WON', OPPORTUNITY: '2500.00', UF_CRM_X: 'b' },
  { ID: '10', TITLE: 'Поставка серверов', STAGE_ID: 'C1:NEW', OPPORTUNITY: '90.00', UF_CRM_X: 'c' },
]

describe('list filters (Bitrix24 key prefixes)', () => {
  it.each([
    [{ '>ID': 1 }, ['2', '10']],
    [{ '>=OPPORTUNITY': 100 }, ['1', '2']],
    [{ '<ID': 10 }, ['1', '2']],
    [{ '!STAGE_ID': 'NEW' }, ['2', '10']],
    [{ '%TITLE': 'поставка' }, ['1', '10']],
    [{ '%TITLE': 'ВКА СЕР' }, ['10']],
    [{ '=%TITLE': 'поставка%' }, ['1', '10']],
    [{ '=%TITLE': '%серверов' }, ['10']],
    [{ '%=TITLE': 'аудит' }, ['2']],
    [{ '=%TITLE': 'ставка' }, []],
    [{ '=%TITLE': 'П.ставка%' }, []],
    [{ '@ID': ['1', '10'] }, ['1', '10']],
    [{ '!@ID': ['1', '10'] }, ['2']],
    [{ STAGE_ID: 'C1:NEW' }, ['10']],
    [{ stage_id: 'WON' }, ['2']],
  ])('filter %j keeps %j', (filter, ids) => {
    expect(applyFilter(rows, filter).map((r) => r.ID)).toEqual(ids)
  })

  it('compares ids numerically and orders by several keys', () => {
    expect(applyOrder(rows, { ID: 'DESC' }).map((r) => r.ID)).toEqual(['10', '2', '1'])
    expect(applyOrder(rows, undefined).map((r) => r.ID)).toEqual(['1', '2', '10'])
  })

  it('selects fields; UF_* only when asked', () => {
    expect(Object.keys(applySelect(rows[0]!, ['TITLE']))).toEqual(['ID', 'TITLE'])
    expect(Object.keys(applySelect(rows[0]!, ['*']))).not.toContain('UF_CRM_X')
    expect(Object.keys(applySelect(rows[0]!, ['*', 'UF_*']))).toContain('UF_CRM_X')
  })

  it('pages by 50 with next/total, and start=-1 without a count', () => {
    const many = Array.from({ length: 120 }, (_, i) => i)
    expect(paginate(many, 0)).toMatchObject({ total: 120, next: 50 })
    expect(paginate(many, 100).total).toBe(120)
    expect(paginate(many, 100).next).toBeUndefined()
    expect(paginate(many, 100).page).toHaveLength(20)
    const fast = paginate(many, -1)
    expect(fast.total).toBe(0)
    expect(fast.next).toBeUndefined()
    expect(fast.page).toHaveLength(50)
  })
})

describe('leaky bucket (§3.8)', () => {
  it('lets the burst through, refuses the next, and drains at the given rate', () => {
    const bucket = createLeakyBucket()
    const limit = { burstLimit: 3, drainRate: 2 }
    expect([0, 0, 0, 0].map((t) => bucket.tryTake(1_000 + t, limit))).toEqual([true, true, true, false])
    expect(bucket.tryTake(1_400, limit)).toBe(false)
    expect(bucket.tryTake(1_500, limit)).toBe(true)
    expect(bucket.tryTake(1_500, limit)).toBe(false)
  })
})
