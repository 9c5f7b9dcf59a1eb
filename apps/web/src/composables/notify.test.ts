import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client.ts'
import { createAppI18n } from '../i18n/index.ts'
import { errorText } from './notify.ts'

describe('errorText', () => {
  it('says a server refusal in the user’s language, an unknown code neutrally, and a network error as it is', () => {
    for (const [locale, pattern] of [
      ['ru', /свой запрос/],
      ['en', /own request/],
    ] as const) {
      const { t, te } = createAppI18n(locale).global
      const refusal = new ApiError(400, 'SELF_APPROVAL', 'You cannot approve your own request.')
      expect(errorText(refusal, t, te)).toMatch(pattern)
      const reminded = new ApiError(409, 'REMINDED_RECENTLY', 'Everyone waiting was reminded less than 60 minutes ago.')
      expect(errorText(reminded, t, te)).not.toBe(reminded.message)
      const unknown = errorText(new ApiError(409, 'SOMETHING_NEW', 'Server words'), t, te)
      expect(unknown).not.toContain('Server words')
      expect(unknown).toContain('SOMETHING_NEW')
      expect(errorText(new Error('Network down'), t, te)).toBe('Network down')
    }
  })
})
