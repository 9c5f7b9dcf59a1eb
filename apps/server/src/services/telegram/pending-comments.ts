/**
 * @module Comments asked for with force_reply: after a press that needs a comment the bot waits up to
 * 24 hours for the user's next text; `/cancel` aborts. A comment written with the "Comment" button is kept as a
 * draft that goes with the user's next answer on that approval.
 */
import type { CardBinding } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { globalKey, type Store } from '../../ports/store.ts'
import type { CardAction } from '../../ports/messenger.ts'

/** How long the bot waits for a comment, and keeps a draft. */
export const pendingCommentTtlMs = 24 * 60 * 60_000

/** What the bot waits a comment for. */
export interface AwaitedComment {
  memberId: string
  approvalId: string
  action: CardAction
  /** The binding of the card whose button asked (absent in waits stored before cards carried one). */
  card?: CardBinding
  expiresAt: number
}

interface Draft {
  comment: string
  expiresAt: number
}

const awaitedKey = (telegramId: number) => globalKey('tg', 'awaited-comment', String(telegramId))
const draftKey = (telegramId: number, memberId: string, approvalId: string) =>
  globalKey('tg', 'draft-comment', String(telegramId), memberId, approvalId)

/** Starts waiting for a comment (replacing any earlier wait of this user). */
export async function awaitComment(
  deps: { store: Store; clock: Clock },
  telegramId: number,
  awaited: Omit<AwaitedComment, 'expiresAt'>,
): Promise<void> {
  await deps.store.put(awaitedKey(telegramId), { ...awaited, expiresAt: deps.clock.now() + pendingCommentTtlMs })
}

/** Takes the live wait of this user, if any (it ends). */
export async function takeAwaitedComment(
  deps: { store: Store; clock: Clock },
  telegramId: number,
): Promise<AwaitedComment | null> {
  const stored = await deps.store.get<AwaitedComment>(awaitedKey(telegramId))
  if (!stored) return null
  await deps.store.delete(awaitedKey(telegramId))
  return stored.value.expiresAt > deps.clock.now() ? stored.value : null
}

/** Keeps a draft comment for the user's next answer on an approval. */
export async function saveDraft(
  deps: { store: Store; clock: Clock },
  telegramId: number,
  target: { memberId: string; approvalId: string },
  comment: string,
): Promise<void> {
  const draft: Draft = { comment, expiresAt: deps.clock.now() + pendingCommentTtlMs }
  await deps.store.put(draftKey(telegramId, target.memberId, target.approvalId), draft)
}

/** Takes the draft comment for an approval, if a live one exists. */
export async function takeDraft(
  deps: { store: Store; clock: Clock },
  telegramId: number,
  target: { memberId: string; approvalId: string },
): Promise<string | null> {
  const key = draftKey(telegramId, target.memberId, target.approvalId)
  const stored = await deps.store.get<Draft>(key)
  if (!stored) return null
  await deps.store.delete(key)
  return stored.value.expiresAt > deps.clock.now() ? stored.value.comment : null
}
