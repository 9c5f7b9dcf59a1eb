import { describe, expect, it } from 'vitest'
import { apiErrorCodes } from '../../../server/src/http/error-codes.ts'
import { en } from './en.ts'
import { appLocaleOf, b24uiLocaleOf } from './index.ts'
import { ru } from './ru.ts'

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key))
}

describe('i18n', () => {
  it.each([
    ['ru', 'ru'],
    ['ua', 'ru'],
    ['kz', 'ru'],
    ['en', 'en'],
    ['de', 'en'],
    [null, 'en'],
  ])('the portal LANG %s gives the SPA language %s', (lang, locale) => {
    expect(appLocaleOf(lang)).toBe(locale)
  })

  it('uses the matching b24ui locale', () => {
    expect(b24uiLocaleOf('ru').code).toBe('ru')
    expect(b24uiLocaleOf('en').code).toBe('en')
  })

  it('has the same keys in Russian and English, none empty', () => {
    expect(keysOf(ru).sort()).toEqual(keysOf(en).sort())
    const empty = keysOf(ru).filter((key) => key.split('.').reduce<unknown>((v, k) => (v as never)[k], ru) === '')
    expect(empty).toEqual([])
  })

  it('has a Russian and an English text, not the server’s, for every error code the server sends', () => {
    for (const messages of [ru, en]) {
      const texts = messages.errors as Record<string, string>
      expect(apiErrorCodes.filter((code) => !texts[code]?.trim())).toEqual([])
      expect(Object.keys(texts).sort()).toEqual([...apiErrorCodes].sort())
    }
    expect(apiErrorCodes.filter((code) => ru.errors[code] === en.errors[code])).toEqual([])
  })
})

describe('reports texts', () => {
  it('has the same keys in Russian and English, none empty', async () => {
    const { reportsMessages } = await import('./reports.ts')
    expect(keysOf(reportsMessages.ru).sort()).toEqual(keysOf(reportsMessages.en).sort())
    const valueOf = (key: string) => key.split('.').reduce<unknown>((v, k) => (v as never)[k], reportsMessages.ru)
    expect(keysOf(reportsMessages.ru).filter((key) => String(valueOf(key)).trim() === '')).toEqual([])
  })
})
