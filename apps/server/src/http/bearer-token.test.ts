import { describe, expect, it } from 'vitest'
import { bearerToken } from './bearer-token.ts'

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.DEF-123', 'abc.DEF-123'],
    ['bearer abc', 'abc'],
    ['BEARER  abc=', 'abc='],
  ])('reads the token of %j', (header, token) => {
    expect(bearerToken(header)).toBe(token)
  })

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['the scheme alone', 'Bearer'],
    ['the scheme and a space', 'Bearer '],
    ['two tokens', 'Bearer abc def'],
    ['a token glued to the scheme', 'Bearerabc'],
  ])('finds no token in %s', (_, header) => {
    expect(bearerToken(header)).toBeUndefined()
  })
})
