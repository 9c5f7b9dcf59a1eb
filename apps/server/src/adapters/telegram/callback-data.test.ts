import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSameSecret } from '../../services/secret-compare.ts'
import { approvalMemberRef } from '../../ports/telegram-bot.ts'
import { createCallbackSigner, maxCallbackDataBytes } from './callback-data.ts'

const signer = createCallbackSigner('app-secret-0123456789abcdef0123456789', isSameSecret)
const other = createCallbackSigner('another-secret-0123456789abcdef012345', isSameSecret)
const button = {
  action: 'approve' as const,
  memberId: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4',
  approvalId: '01JDXK3Q7Z8M9N0P1Q2R3S4T5V',
}

describe('callback_data', () => {
  it('round-trips every action within 64 bytes', () => {
    for (const action of ['approve', 'reject', 'send-back', 'comment'] as const) {
      const data = signer.encode({ ...button, action })
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(maxCallbackDataBytes)
      expect(signer.decode(data)).toEqual({
        action,
        memberRef: approvalMemberRef(button.memberId),
        approvalId: button.approvalId,
      })
    }
  })

  it('refuses data signed with another key, and any single changed character', () => {
    const data = signer.encode(button)
    expect(other.decode(data)).toBeNull()
    fc.assert(
      fc.property(fc.nat(data.length - 1), fc.constantFrom(...'AZaz09_-.x'), (index, char) => {
        fc.pre(data[index] !== char)
        const changed = data.slice(0, index) + char + data.slice(index + 1)
        expect(signer.decode(changed)).toBeNull()
      }),
    )
  })

  it('refuses an approval id that would not fit', () => {
    expect(() => signer.encode({ ...button, approvalId: 'X'.repeat(40) })).toThrow(/64 bytes/)
  })
})
