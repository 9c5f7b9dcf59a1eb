import { describe, expect, it } from 'vitest'
import { isSameSecret } from './secret-compare.ts'

describe('isSameSecret', () => {
  it.each([
    ['51856fefc120afa4b628cc82d3935cce', '51856fefc120afa4b628cc82d3935cce', true],
    ['51856fefc120afa4b628cc82d3935ccf', '51856fefc120afa4b628cc82d3935cce', false],
    ['51856fef', '51856fefc120afa4b628cc82d3935cce', false],
    ['51856fefc120afa4b628cc82d3935cce0', '51856fefc120afa4b628cc82d3935cce', false],
    ['', '51856fefc120afa4b628cc82d3935cce', false],
    [undefined, '51856fefc120afa4b628cc82d3935cce', false],
    [null, '51856fefc120afa4b628cc82d3935cce', false],
    ['', '', false],
  ])('compares %j with %j → %s', (given, expected, result) => {
    expect(isSameSecret(given, expected)).toBe(result)
  })
})
