import { describe, expect, it } from 'vitest'
import { timeZoneOptions, withHoliday, withWorkingDay } from './settings.ts'

describe('timeZoneOptions', () => {
  it("offers the browser's IANA zones", () => {
    const zones = timeZoneOptions('Europe/Moscow')
    expect(zones).toEqual(Intl.supportedValuesOf('timeZone'))
    expect(zones).toContain('Asia/Yekaterinburg')
  })

  it('keeps a saved zone the list lacks, in order', () => {
    const zones = timeZoneOptions('UTC')
    expect(zones).toContain('UTC')
    expect(zones).toEqual([...zones].sort())
  })
})

describe('withWorkingDay', () => {
  it('switches a day on in order and off', () => {
    expect(withWorkingDay([1, 2, 7], 5, true)).toEqual([1, 2, 5, 7])
    expect(withWorkingDay([1, 2, 5], 5, true)).toEqual([1, 2, 5])
    expect(withWorkingDay([1, 2, 5], 2, false)).toEqual([1, 5])
  })
})

describe('withHoliday', () => {
  it('adds a date once, in order, and ignores anything else', () => {
    expect(withHoliday(['2027-01-07'], '2027-01-01')).toEqual(['2027-01-01', '2027-01-07'])
    expect(withHoliday(['2027-01-07'], '2027-01-07')).toEqual(['2027-01-07'])
    expect(withHoliday(['2027-01-07'], '')).toEqual(['2027-01-07'])
  })
})
