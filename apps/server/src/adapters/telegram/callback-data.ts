/**
 * @module Inline button `callback_data` (architecture §7): a short approval reference, the action and an HMAC
 * tag keyed from APP_SECRET, at most 64 bytes. The tag makes forged or altered data detectable; the services
 * still check that the presser may act now.
 *
 * Layout: `c1.<action>.<memberRef>.<approvalId>.<tag>`, e.g. `c1.a.Xk3_9Q.01JD…Z.<16 chars>`.
 * @see https://core.telegram.org/bots/api#inlinekeyboardbutton
 */
import { createHmac } from 'node:crypto'
import { approvalMemberRef } from '../../ports/telegram-bot.ts'
import type { CardAction } from '../../ports/messenger.ts'

/** Telegram's limit for `callback_data`, in bytes. */
export const maxCallbackDataBytes = 64

const letters: Record<CardAction, string> = { approve: 'a', reject: 'r', 'send-back': 'b', comment: 'c' }
const actions = new Map(Object.entries(letters).map(([action, letter]) => [letter, action as CardAction]))
const pattern = /^c1\.([arbc])\.([A-Za-z0-9_-]{6})\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{16})$/

/** A decoded button: which approval of which portal (by reference) and what to do. */
export interface CallbackButton {
  action: CardAction
  memberRef: string
  approvalId: string
}

/** Signs and checks card buttons with one key. */
export interface CallbackSigner {
  /** @throws Error when the data would exceed 64 bytes (an approval id longer than 32 characters). */
  encode(button: { action: CardAction; memberId: string; approvalId: string }): string
  /** The button, or null when the data is not ours or its tag does not verify. */
  decode(data: string): CallbackButton | null
}

/** Creates a signer whose key is derived from `appSecret` (so no second secret has to be configured). */
export function createCallbackSigner(appSecret: string, isSameSecret: (a: string, b: string) => boolean) {
  const key = createHmac('sha256', appSecret).update('telegram-callback-data-v1').digest()
  const tagOf = (body: string) => createHmac('sha256', key).update(body).digest('base64url').slice(0, 16)
  const signer: CallbackSigner = {
    encode({ action, memberId, approvalId }) {
      const body = `c1.${letters[action]}.${approvalMemberRef(memberId)}.${approvalId}`
      const data = `${body}.${tagOf(body)}`
      if (!pattern.test(data) || Buffer.byteLength(data) > maxCallbackDataBytes) {
        throw new Error(`callback_data for approval ${approvalId} would not fit 64 bytes`)
      }
      return data
    },
    decode(data) {
      const match = pattern.exec(data)
      if (!match) return null
      const [, letter, memberRef, approvalId, tag] = match
      const body = data.slice(0, data.length - tag!.length - 1)
      if (!isSameSecret(tag!, tagOf(body))) return null
      return { action: actions.get(letter!)!, memberRef: memberRef!, approvalId: approvalId! }
    },
  }
  return signer
}
