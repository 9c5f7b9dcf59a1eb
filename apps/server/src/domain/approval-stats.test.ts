import { describe, expect, it } from 'vitest'
import { answer, applyAll, startApproval } from '../test-support/approval-builders.ts'
import { histogramPercentiles, newStatsFacts, statsFactsOf } from './approval-stats.ts'
import { bucketOf, calendarDay, daysOf } from './stats-period.ts'

describe('histogramPercentiles', () => {
  it.each([
    [[], 50, null],
    [[[5, 1]], 50, 5],
    [
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ],
      50,
      2,
    ],
    [
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ],
      90,
      4,
    ],
    [
      [
        [10, 9],
        [100, 1],
      ],
      90,
      10,
    ],
    [
      [
        [10, 8],
        [100, 2],
      ],
      90,
      100,
    ],
  ] as const)('of %j at p%i is %s (nearest rank)', (pairs, p, expected) => {
    const histogram = Object.fromEntries(pairs as unknown as Array<[number, number]>)
    expect(histogramPercentiles(histogram, [p]).percentiles).toEqual([expected])
  })

  it('reads several percentiles in one pass over keys given in any order, with the total', () => {
    const histogram = { 600: 1, 7: 2, 45: 3, 0: 4 }
    expect(histogramPercentiles(histogram, [10, 40, 50, 70, 90, 100])).toEqual({
      total: 10,
      percentiles: [0, 0, 7, 45, 45, 600],
    })
  })
})

describe('statistics facts', () => {
  it('counts the start, each answer with its minutes, and the ending once', () => {
    const started = startApproval()
    const at = '2026-11-25T07:30:00.000Z'
    const approved = applyAll(started, [answer(10, 'approve'), answer(11, 'approve'), answer(12, 'approve')], at)
    expect(newStatsFacts(null, started).map((f) => f.id)).toEqual(['started'])
    const added = newStatsFacts(started, approved)
    expect(added.map((f) => f.id)).toEqual(['end', 'answer:1:0:0', 'answer:1:0:1', 'answer:1:0:2'])
    expect(added[0]).toMatchObject({ kind: 'count', counter: 'approved', approverIds: [10, 11, 12] })
    expect(added[1]).toMatchObject({ kind: 'answer', approverId: 10, stage: 1, minutes: 90, isLate: false })
    expect(newStatsFacts(approved, approved)).toEqual([])
    expect(statsFactsOf(approved)).toHaveLength(5)
  })
})

describe('statistics periods', () => {
  it.each([
    ['2026-11-24T21:30:00Z', 'Europe/Moscow', '2026-11-25'],
    ['2026-11-24T21:30:00Z', 'UTC', '2026-11-24'],
  ])('%s in %s falls on %s', (at, zone, day) => {
    expect(calendarDay(at, zone)).toBe(day)
  })

  it('lists the days of a period and their weeks and months', () => {
    expect(daysOf('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'])
    expect(daysOf('2026-03-02', '2026-03-01')).toEqual([])
    expect(bucketOf('2026-03-01', 'week')).toBe('2026-02-23')
    expect(bucketOf('2026-03-02', 'week')).toBe('2026-03-02')
    expect(bucketOf('2026-03-02', 'month')).toBe('2026-03')
  })
})
