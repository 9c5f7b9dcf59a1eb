import { describe, expect, it } from 'vitest'
import { createSubmissionKeys } from './submission-key.ts'

describe('createSubmissionKeys', () => {
  it('keeps one key while the same body is sent again, and a new one after success or a change', () => {
    let n = 0
    const keys = createSubmissionKeys(() => `k${++n}`)
    expect(keys.keyFor('{"title":"A"}')).toBe('k1')
    expect(keys.keyFor('{"title":"A"}')).toBe('k1')
    expect(keys.keyFor('{"title":"B"}')).toBe('k2')
    keys.succeeded()
    expect(keys.keyFor('{"title":"B"}')).toBe('k3')
  })

  it('makes random UUIDs by default', () => {
    const key = createSubmissionKeys().keyFor('{}')
    expect(key).toMatch(/^[0-9a-f-]{36}$/)
    expect(createSubmissionKeys().keyFor('{}')).not.toBe(key)
  })
})
