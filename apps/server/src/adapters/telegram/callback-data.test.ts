import { createHmac } from 'node:crypto'
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
  round: 3,
  userId: 2_147_483_647,
}

describe('callback_data', () => {
  it('round-trips every action within 64 bytes', () => {
    for (const action of ['approve', 'reject', 'send-back', 'comment', 'read-full'] as const) {
      const data = signer.encode({ ...button, action })
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(maxCallbackDataBytes)
      expect(signer.decode(data)).toEqual({
        action,
        memberRef: approvalMemberRef(button.memberId),
        approvalId: button.approvalId,
        round: 3,
        userId: 2_147_483_647,
      })
    }
  })

  it('binds the data to the round and the approver: changing either breaks the tag', () => {
    const data = signer.encode(button)
    const [head, round, , tag] = [data.split('.').slice(0, 4).join('.'), ...data.split('.').slice(4)]
    expect(round).toBe('3')
    expect(signer.decode(`${head}.4.${(2_147_483_647).toString(36)}.${tag}`)).toBeNull()
    expect(signer.decode(`${head}.3.${(7).toString(36)}.${tag}`)).toBeNull()
  })

  it('decodes a card of the old layout (no round) as round 0, so it can never act', () => {
    const legacySigner = (body: string) =>
      createHmac(
        'sha256',
        createHmac('sha256', 'app-secret-0123456789abcdef0123456789').update('telegram-callback-data-v1').digest(),
      )
        .update(body)
        .digest('base64url')
        .slice(0, 16)
    const body = `c1.a.${approvalMemberRef(button.memberId)}.${button.approvalId}`
    expect(signer.decode(`${body}.${legacySigner(body)}`)).toMatchObject({ approvalId: button.approvalId, round: 0 })
    expect(signer.decode(`${body}.${'A'.repeat(16)}`)).toBeNull()
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
