import { describe, expect, it } from 'vitest'
import { localDateOf, nextLocalTime, parseClockTime, telegramPingAt, type PingTiming } from './quiet-hours.ts'

const moscow = (quiet: [string, string] | null): PingTiming => ({
  timeZone: 'Europe/Moscow',
  quietHours: quiet ? { fromMinute: parseClockTime(quiet[0])!, toMinute: parseClockTime(quiet[1])! } : null,
})

describe('telegramPingAt', () => {
  it.each<[string, PingTiming, string, string]>([
    ['no quiet hours: now', moscow(null), '2026-03-10T20:30:00Z', '2026-03-10T20:30:00Z'],
    ['before a span over midnight: now', moscow(['22:00', '08:00']), '2026-03-10T18:59:00Z', '2026-03-10T18:59:00Z'],
    [
      'its first minute (22:00 MSK): next 08:00',
      moscow(['22:00', '08:00']),
      '2026-03-10T19:00:00Z',
      '2026-03-11T05:00:00Z',
    ],
    [
      'after midnight (03:00 MSK): 08:00 that day',
      moscow(['22:00', '08:00']),
      '2026-03-11T00:00:00Z',
      '2026-03-11T05:00:00Z',
    ],
    ['its end minute (08:00 MSK): now', moscow(['22:00', '08:00']), '2026-03-11T05:00:00Z', '2026-03-11T05:00:00Z'],
    [
      'a span within a day (13:00–14:00), inside',
      moscow(['13:00', '14:00']),
      '2026-03-11T10:30:00Z',
      '2026-03-11T11:00:00Z',
    ],
    ['a span within a day, after it: now', moscow(['13:00', '14:00']), '2026-03-11T11:00:00Z', '2026-03-11T11:00:00Z'],
  ])('%s', (_name, timing, now, expected) => {
    expect(telegramPingAt(timing, new Date(now)).toISOString()).toBe(new Date(expected).toISOString())
  })

  it('follows the user zone across a daylight-saving change (Berlin, 29 March 2026)', () => {
    const berlin: PingTiming = { timeZone: 'Europe/Berlin', quietHours: { fromMinute: 22 * 60, toMinute: 8 * 60 } }
    // 23:00 CET on 28 March; quiet hours end at 08:00 CEST (+2) on 29 March = 06:00 UTC.
    expect(telegramPingAt(berlin, new Date('2026-03-28T22:00:00Z')).toISOString()).toBe('2026-03-29T06:00:00.000Z')
  })
})

describe('nextLocalTime and localDateOf', () => {
  it('is the next occurrence of a local time, strictly after now', () => {
    const nine = 9 * 60
    expect(nextLocalTime(nine, 'Europe/Moscow', new Date('2026-03-10T05:59:00Z')).toISOString()).toBe(
      '2026-03-10T06:00:00.000Z',
    )
    expect(nextLocalTime(nine, 'Europe/Moscow', new Date('2026-03-10T06:00:00Z')).toISOString()).toBe(
      '2026-03-11T06:00:00.000Z',
    )
  })

  it('names the local day of an instant', () => {
    expect(localDateOf(new Date('2026-03-10T21:30:00Z'), 'Europe/Moscow')).toBe('2026-03-11')
    expect(localDateOf(new Date('2026-03-10T21:30:00Z'), 'America/New_York')).toBe('2026-03-10')
  })

  it('reads HH:MM and refuses anything else', () => {
    expect(parseClockTime('07:05')).toBe(425)
    expect(['24:00', '7:05', '07:60', 'x'].map(parseClockTime)).toEqual([null, null, null, null])
  })
})
