import { describe, expect, it } from 'vitest'
import { durationParts, presetPeriod, statisticsParams } from './statistics.ts'

describe('presetPeriod', () => {
  // Monday 2026-12-07 22:30 UTC is already Tuesday 2026-12-08 in Moscow.
  const now = new Date('2026-12-07T22:30:00Z')
  it.each([
    ['day', 'UTC', '2026-12-07', '2026-12-07'],
    ['day', 'Europe/Moscow', '2026-12-08', '2026-12-08'],
    ['week', 'UTC', '2026-12-07', '2026-12-07'],
    ['week', 'Europe/Moscow', '2026-12-07', '2026-12-08'],
    ['month', 'Europe/Moscow', '2026-12-01', '2026-12-08'],
  ] as const)('%s in %s runs from %s to %s', (preset, timeZone, from, to) => {
    expect(presetPeriod(preset, now, timeZone)).toEqual({ from, to })
  })

  it('starts a week on Monday from a Sunday', () => {
    expect(presetPeriod('week', new Date('2026-12-13T12:00:00Z'), 'UTC')).toEqual({
      from: '2026-12-07',
      to: '2026-12-13',
    })
  })
})

describe('durationParts', () => {
  it.each([
    [0, 'minutes', { n: 0 }],
    [59, 'minutes', { n: 59 }],
    [185, 'hours', { h: 3, m: 5 }],
    [1440 * 2 + 4 * 60 + 7, 'days', { d: 2, h: 4 }],
  ] as const)('%i minutes read as %s', (minutes, key, values) => {
    expect(durationParts(minutes)).toEqual({ key, values })
  })
})

describe('statisticsParams', () => {
  it('sends the period, grouping, set filters and language, not the preset', () => {
    const query = {
      preset: 'month' as const,
      from: '2026-12-01',
      to: '2026-12-08',
      grouping: 'week' as const,
      approverId: 8,
    }
    expect(statisticsParams(query, 'en')).toEqual({
      ...{ from: '2026-12-01', to: '2026-12-08', grouping: 'week', approverId: '8', lang: 'en' },
    })
  })
})
