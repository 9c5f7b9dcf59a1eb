import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addWorkingHours, isWorkingTime, zoneOffsetMs, type WorkingCalendar } from './working-time.ts'

const weekdays = (timeZone: string, holidays: string[] = []): WorkingCalendar => ({
  timeZone,
  workingDays: [1, 2, 3, 4, 5],
  startHour: 9,
  endHour: 18,
  holidays,
})

describe('zoneOffsetMs', () => {
  it.each([
    ['Europe/Moscow', '2026-01-15T12:00:00Z', 3],
    ['Europe/Moscow', '2026-07-15T12:00:00Z', 3],
    ['Europe/Berlin', '2026-01-15T12:00:00Z', 1],
    ['Europe/Berlin', '2026-07-15T12:00:00Z', 2],
    ['Asia/Vladivostok', '2026-07-15T12:00:00Z', 10],
    ['Europe/Kaliningrad', '2026-07-15T12:00:00Z', 2],
    ['America/New_York', '2026-01-15T12:00:00Z', -5],
  ])('%s at %s is UTC%+d', (zone, at, hours) => {
    expect(zoneOffsetMs(new Date(at), zone)).toBe(hours * 3_600_000)
  })
})

describe('addWorkingHours', () => {
  it.each([
    // Moscow: UTC+3 all year, Monday–Friday 9–18.
    ['inside the same day', 'Europe/Moscow', '2026-11-25T06:00:00.000Z', 4, '2026-11-25T10:00:00.000Z'],
    [
      'exactly to the end of the day stays at 18:00',
      'Europe/Moscow',
      '2026-11-25T06:00:00.000Z',
      9,
      '2026-11-25T15:00:00.000Z',
    ],
    ['over the night', 'Europe/Moscow', '2026-11-25T06:00:00.000Z', 10, '2026-11-26T07:00:00.000Z'],
    ['before work starts counts from 9:00', 'Europe/Moscow', '2026-11-25T04:00:00.000Z', 1, '2026-11-25T07:00:00.000Z'],
    [
      'after work ends counts from tomorrow 9:00',
      'Europe/Moscow',
      '2026-11-25T17:00:00.000Z',
      1,
      '2026-11-26T07:00:00.000Z',
    ],
    ['over the weekend', 'Europe/Moscow', '2026-11-27T14:00:00.000Z', 2, '2026-11-30T07:00:00.000Z'],
    ['from a Saturday', 'Europe/Moscow', '2026-11-28T10:00:00.000Z', 3, '2026-11-30T09:00:00.000Z'],
    ['a whole working week', 'Europe/Moscow', '2026-11-23T06:00:00.000Z', 45, '2026-11-27T15:00:00.000Z'],
    [
      'zero hours outside work is the next working moment',
      'Europe/Moscow',
      '2026-11-28T10:00:00.000Z',
      0,
      '2026-11-30T06:00:00.000Z',
    ],
    ['keeps minutes and seconds', 'Europe/Moscow', '2026-11-25T06:17:42.500Z', 1, '2026-11-25T07:17:42.500Z'],
    // Vladivostok: UTC+10, so its Monday 8:00 is Sunday 22:00 UTC.
    [
      'local Monday that is still Sunday in UTC',
      'Asia/Vladivostok',
      '2026-11-29T22:00:00.000Z',
      1,
      '2026-11-30T00:00:00.000Z',
    ],
    ['Friday evening in Vladivostok', 'Asia/Vladivostok', '2026-11-27T07:30:00.000Z', 1, '2026-11-29T23:30:00.000Z'],
    // Kaliningrad: UTC+2, no DST.
    ['Kaliningrad over the weekend', 'Europe/Kaliningrad', '2026-11-27T15:30:00.000Z', 1, '2026-11-30T07:30:00.000Z'],
    // Berlin: clocks go forward on 2026-03-29 and back on 2026-10-25.
    ['Berlin over spring forward', 'Europe/Berlin', '2026-03-27T16:00:00.000Z', 2, '2026-03-30T08:00:00.000Z'],
    ['Berlin over fall back', 'Europe/Berlin', '2026-10-23T15:00:00.000Z', 2, '2026-10-26T09:00:00.000Z'],
  ])('%s (%s)', (_name, zone, from, hours, expected) => {
    expect(addWorkingHours(new Date(from), hours, weekdays(zone)).toISOString()).toBe(expected)
  })

  it('skips public holidays (Russian New Year break)', () => {
    const holidays = ['2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08']
    const due = addWorkingHours(new Date('2026-12-31T14:00:00.000Z'), 2, weekdays('Europe/Moscow', holidays))
    expect(due.toISOString()).toBe('2027-01-11T07:00:00.000Z')
  })

  it('counts wall-clock hours across a DST change in a round-the-clock calendar', () => {
    const allWeek: WorkingCalendar = {
      timeZone: 'Europe/Berlin',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      startHour: 0,
      endHour: 24,
      holidays: [],
    }
    // Sunday 2026-03-29 00:00 CET + 24 wall hours = Monday 00:00 CEST, only 23 real hours later.
    expect(addWorkingHours(new Date('2026-03-28T23:00:00.000Z'), 24, allWeek).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    )
    // A wall time inside the spring-forward gap (02:30) moves past the gap to 03:30 CEST.
    expect(addWorkingHours(new Date('2026-03-28T23:00:00.000Z'), 2.5, allWeek).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    )
    // Sunday 2026-10-25 00:00 CEST + 24 wall hours = Monday 00:00 CET, 25 real hours later.
    expect(addWorkingHours(new Date('2026-10-24T22:00:00.000Z'), 24, allWeek).toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    )
  })

  it('honours a non-standard working week (Sunday–Thursday, 8–17)', () => {
    const calendar: WorkingCalendar = {
      timeZone: 'Asia/Dubai',
      workingDays: [7, 1, 2, 3, 4],
      startHour: 8,
      endHour: 17,
      holidays: [],
    }
    // Thursday 2026-11-26 16:00 Dubai (12:00 UTC) + 2h → Sunday 2026-11-29 09:00 Dubai.
    expect(addWorkingHours(new Date('2026-11-26T12:00:00.000Z'), 2, calendar).toISOString()).toBe(
      '2026-11-29T05:00:00.000Z',
    )
  })
})

describe('isWorkingTime', () => {
  it.each([
    ['2026-11-25T06:00:00.000Z', true],
    ['2026-11-25T05:59:59.999Z', false],
    ['2026-11-25T14:59:00.000Z', true],
    ['2026-11-25T15:00:00.000Z', false],
    ['2026-11-28T10:00:00.000Z', false],
  ])('Moscow %s → %s', (at, expected) => {
    expect(isWorkingTime(new Date(at), weekdays('Europe/Moscow'))).toBe(expected)
  })
})

describe('addWorkingHours properties', () => {
  const zones = ['Europe/Moscow', 'Europe/Berlin', 'Asia/Vladivostok', 'Europe/Kaliningrad']
  const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') })
  const quarterHours = fc.integer({ min: 1, max: 400 }).map((n) => n / 4)

  it('is additive: adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instant, quarterHours, quarterHours, (zone, from, a, b) => {
        const calendar = weekdays(zone)
        const stepwise = addWorkingHours(addWorkingHours(new Date(from), a, calendar), b, calendar)
        expect(stepwise.toISOString()).toBe(addWorkingHours(new Date(from), a + b, calendar).toISOString())
      }),
      { numRuns: 300 },
    )
  })

  it('lands inside working hours and never before the start or sooner than the hours themselves', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instant, quarterHours, (zone, from, hours) => {
        const calendar = weekdays(zone)
        const due = addWorkingHours(new Date(from), hours, calendar)
        expect(isWorkingTime(new Date(due.getTime() - 1), calendar)).toBe(true)
        expect(due.getTime()).toBeGreaterThanOrEqual(from + hours * 3_600_000)
      }),
      { numRuns: 300 },
    )
  })
})
