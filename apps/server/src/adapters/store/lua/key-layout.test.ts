import { describe, expect, it } from 'vitest'
import { tenantPrefix } from '../../../ports/store.ts'
import { createKeyLayout, escapeGlob } from './key-layout.ts'

describe('key layout', () => {
  it('tags each kind with one character after the prefix', () => {
    const layout = createKeyLayout()
    expect(layout.key('document', 'p:m1:approval:1')).toBe('tac:d:p:m1:approval:1')
    expect(layout.key('items', 'g:outbox')).toBe('tac:j:g:outbox')
    expect(layout.queueRegistry).toBe('tac:queues')
  })

  it("matches a portal's keys of every kind and nothing of a portal whose member_id merely starts alike", () => {
    const layout = createKeyLayout('app[1]:')
    const pattern = layout.portalKeysPattern(tenantPrefix('m1'))
    expect(pattern).toBe('app\\[1\\]:?:p:m1:*')
    expect(escapeGlob('a*b?c\\d')).toBe('a\\*b\\?c\\\\d')
    expect(layout.portalItemsPattern(tenantPrefix('m.1'))).toBe('p:m.1:*')
  })

  it('refuses an empty prefix or one with spaces', () => {
    expect(() => createKeyLayout('')).toThrow(/prefix/)
    expect(() => createKeyLayout('a b')).toThrow(/prefix/)
  })
})
