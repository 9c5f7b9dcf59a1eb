import { describe, expect, it } from 'vitest'
import type { ZodError } from 'zod'
import { looksLikeBot, parseSubmission, toE164 } from './lead-submission.ts'

const NOW = Date.parse('2026-12-07T10:00:00Z')
const base = { name: 'Иван', phone: '8 916 123-45-67', consent: 'on' }

function issuePaths(fields: Record<string, unknown>): string[] {
  try {
    parseSubmission(fields)
    return []
  } catch (error) {
    return (error as ZodError).issues.map((issue) => issue.path.join('.'))
  }
}

describe('toE164', () => {
  it.each([
    ['8 (916) 123-45-67', '+79161234567'],
    ['+7 916 123 45 67', '+79161234567'],
    ['9161234567', '+79161234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['12', undefined],
    ['+7 000', undefined],
  ])('%s → %s', (input, expected) => {
    expect(toE164(input)).toBe(expected)
  })
})

describe('parseSubmission', () => {
  it('keeps the phone in E.164, drops blanks, collects UTM', () => {
    expect(parseSubmission({ ...base, email: ' ', message: '', utm_source: 'ya', utm_term: '' })).toEqual({
      name: 'Иван',
      phone: '+79161234567',
      utm: { utm_source: 'ya' },
    })
  })

  it.each([
    [{ ...base, phone: '12' }, 'phone'],
    [{ ...base, email: 'x@' }, 'email'],
    [{ ...base, consent: '' }, 'consent'],
    [{ ...base, consent: undefined }, 'consent'],
    [{ ...base, name: ' ' }, 'name'],
    [{ name: 'Иван', consent: true }, 'phone'],
  ])('names the field of %o', (fields, path) => {
    expect(issuePaths(fields)).toContain(path)
  })
})

describe('looksLikeBot', () => {
  it.each([
    [{ form_started_at: String(NOW - 10_000) }, false],
    [{ form_started_at: String(NOW - 1_000) }, true],
    [{}, true],
    [{ form_started_at: 'soon' }, true],
    [{ form_started_at: String(NOW - 10_000), website: 'http://spam' }, true],
    [{ form_started_at: String(NOW - 10_000), website: '' }, false],
  ])('%o → %s', (fields, expected) => {
    expect(looksLikeBot(fields, NOW)).toBe(expected)
  })
})
