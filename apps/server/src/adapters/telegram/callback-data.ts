/**
 * @module Inline button `callback_data` (architecture §7): a short approval reference, the action, the round and
 * approver the card was made for, and an HMAC tag keyed from APP_SECRET, at most 64 bytes. The tag makes forged
 * or altered data detectable; the services still check that the presser may act now, and that the card's round
 * is still the approval's (a card of an earlier round changes nothing).
 *
 * Actions: `a` approve, `r` reject, `b` send back, `c` comment, `f` read the whole description (`c2` only).
 * Layout: `c2.<action>.<memberRef>.<approvalId>.<round>.<userId>.<tag>` with round and user id in base 36 and a
 * 12-character tag, e.g. `c2.a.Xk3_9Q.01JD…Z.2.1z.<12 chars>` (60 bytes at most for a ULID and a 31-bit user
 * id). Cards sent before buttons carried a round (`c1.…`) decode with round 0, which no approval has.
 * @see https://core.telegram.org/bots/api#inlinekeyboardbutton
 */
import { createHmac } from 'node:crypto'
import { approvalMemberRef, type BulkPress, type ButtonAction } from '../../ports/telegram-bot.ts'

/** Telegram's limit for `callback_data`, in bytes. */
export const maxCallbackDataBytes = 64

const letters: Record<ButtonAction, string> = {
  ...{ approve: 'a', reject: 'r', 'send-back': 'b', comment: 'c' },
  'read-full': 'f',
}
const actions = new Map(Object.entries(letters).map(([action, letter]) => [letter, action as ButtonAction]))
const pattern =
  /^c2\.([arbcf])\.([A-Za-z0-9_-]{6})\.([A-Za-z0-9_-]{1,32})\.([0-9a-z]{1,4})\.([0-9a-z]{1,7})\.([A-Za-z0-9_-]{12})$/
const legacyPattern = /^c1\.([arbc])\.([A-Za-z0-9_-]{6})\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{16})$/

/** A decoded button: which approval of which portal (by reference), what to do, and whose card of which round. */
export interface CallbackButton {
  action: ButtonAction
  memberRef: string
  approvalId: string
  /** The round the card was made for (0 for a card made before buttons carried one). */
  round: number
  /** The approver the card was made for (0 for a card made before buttons carried one). */
  userId: number
}

/** What a button is made from. */
export interface ButtonInput {
  action: ButtonAction
  memberId: string
  approvalId: string
  round: number
  userId: number
}

/** Signs and checks card buttons with one key. */
export interface CallbackSigner {
  /** @throws Error when the data would exceed 64 bytes (an approval id longer than 26 characters, say). */
  encode(button: ButtonInput): string
  /** The button, or null when the data is not ours or its tag does not verify. */
  decode(data: string): CallbackButton | null
  /** A button of an "approve all N" offer (issue 21): `b1.<a|y|n>.<offerId>.<tag>`, 37 bytes at most. */
  encodeBulk(press: BulkPress): string
  /** The offer's button, or null when the data is not one or its tag does not verify. */
  decodeBulk(data: string): BulkPress | null
}

const bulkSteps = { ask: 'a', yes: 'y', no: 'n' } as const
const bulkPattern = /^b1\.([ayn])\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{12})$/

/** Creates a signer whose key is derived from `appSecret` (so no second secret has to be configured). */
export function createCallbackSigner(appSecret: string, isSameSecret: (a: string, b: string) => boolean) {
  const key = createHmac('sha256', appSecret).update('telegram-callback-data-v1').digest()
  const tagOf = (body: string, length: number) =>
    createHmac('sha256', key).update(body).digest('base64url').slice(0, length)
  const verified = (data: string, tag: string) => isSameSecret(tag, tagOf(data.slice(0, -tag.length - 1), tag.length))
  const signer: CallbackSigner = {
    encode({ action, memberId, approvalId, round, userId }) {
      const body = [
        ...['c2', letters[action], approvalMemberRef(memberId), approvalId],
        ...[round.toString(36), userId.toString(36)],
      ].join('.')
      const data = `${body}.${tagOf(body, 12)}`
      if (!pattern.test(data) || Buffer.byteLength(data) > maxCallbackDataBytes) {
        throw new Error(`callback_data for approval ${approvalId} would not fit 64 bytes`)
      }
      return data
    },
    decode(data) {
      const match = pattern.exec(data)
      if (match) {
        const [, letter, memberRef, approvalId, round, userId, tag] = match
        if (!verified(data, tag!)) return null
        const [roundNumber, userNumber] = [parseInt(round!, 36), parseInt(userId!, 36)]
        return {
          action: actions.get(letter!)!,
          memberRef: memberRef!,
          approvalId: approvalId!,
          round: roundNumber,
          userId: userNumber,
        }
      }
      const legacy = legacyPattern.exec(data)
      if (!legacy || !verified(data, legacy[4]!)) return null
      return { action: actions.get(legacy[1]!)!, memberRef: legacy[2]!, approvalId: legacy[3]!, round: 0, userId: 0 }
    },
    encodeBulk({ offerId, step }) {
      const body = `b1.${bulkSteps[step]}.${offerId}`
      return `${body}.${tagOf(body, 12)}`
    },
    decodeBulk(data) {
      const match = bulkPattern.exec(data)
      if (!match || !verified(data, match[3]!)) return null
      const step = (Object.keys(bulkSteps) as BulkPress['step'][]).find((k) => bulkSteps[k] === match[1])!
      return { offerId: match[2]!, step }
    },
  }
  return signer
}
