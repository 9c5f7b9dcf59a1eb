/**
 * @module "Approve all N" under `/pending` (issue 21). The offer names exactly the approvals the list showed (kept
 * 15 minutes, for the Telegram user and portal account it was made for); a first press asks for confirmation, the
 * confirmation is taken once (a double press finds nothing) and decides each approval on its own through the
 * ordinary decision — comment policy, turn and round checked, one audit entry and write-back each. Approvals
 * that need a comment to be approved are left for their cards and counted as refused.
 */
import { randomBytes } from 'node:crypto'
import type { BulkOffer, BulkPress, PressRefusal } from '../../ports/telegram-bot.ts'
import { globalKey, type Store } from '../../ports/store.ts'
import type { PressDeps } from './approval-presses.ts'
import { linkedAccounts } from './telegram-links.ts'

/** How long an offer can be confirmed. */
export const bulkOfferTtlMs = 15 * 60_000

interface StoredOffer {
  memberId: string
  userId: number
  approvalIds: string[]
}

const offerKey = (telegramId: number, offerId: string) => globalKey('tg-bulk', String(telegramId), offerId)

/** Makes an offer to approve `approvalIds` (at least two) as the portal user `userId`. */
export async function offerBulk(
  store: Store,
  telegramId: number,
  account: { memberId: string; userId: number },
  approvalIds: string[],
): Promise<BulkOffer> {
  const offerId = randomBytes(12).toString('base64url')
  await store.putIfAbsent(offerKey(telegramId, offerId), { ...account, approvalIds }, bulkOfferTtlMs)
  return { offerId, count: approvalIds.length, state: 'offered' }
}

const refused = (alert: PressRefusal) => ({ alert, offer: null })

/** Handles a press on an offer's button. */
export async function pressBulk(
  deps: PressDeps,
  telegramId: number,
  press: BulkPress,
): Promise<{ alert: PressRefusal | null; offer: BulkOffer | null }> {
  const key = offerKey(telegramId, press.offerId)
  const stored = await deps.store.getTemp<StoredOffer>(key)
  if (!stored) return refused('ALREADY_DECIDED')
  const base = { offerId: press.offerId, count: stored.approvalIds.length }
  const links = await linkedAccounts(deps.store, telegramId)
  if (!links.some((l) => l.memberId === stored.memberId && l.userId === stored.userId)) return refused('NOT_LINKED')
  if (press.step === 'ask') return { alert: null, offer: { ...base, state: 'confirming' } }
  // Taken once: of two confirmations (a double press, a redelivered update) only one decides.
  if ((await deps.store.takeTemp<StoredOffer>(key)) === null) return refused('ALREADY_DECIDED')
  if (press.step === 'no') return { alert: null, offer: { ...base, state: 'cancelled' } }
  if (!deps.approvals) return refused('UNAVAILABLE')
  let decided = 0
  const counts: Partial<Record<PressRefusal, number>> = {}
  for (const approvalId of stored.approvalIds) {
    const input = { memberId: stored.memberId, userId: stored.userId, approvalId }
    const result = await deps.approvals.decide({ ...input, response: 'approve', comment: null })
    if (result.ok) decided += 1
    else counts[result.reason] = (counts[result.reason] ?? 0) + 1
  }
  return { alert: null, offer: { ...base, state: 'done', decided, refused: counts } }
}
