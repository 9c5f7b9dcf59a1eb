/**
 * @module Answering approvals from Telegram: a verified button press becomes a decision through the
 * approval services, or a force_reply prompt when the comment policy needs a comment first (and for the reason
 * of every send-back); the reply with the
 * comment completes it. Only a Telegram user linked to an approver who may act now changes anything.
 */
import { isCommentAsked, type CardBinding, type ResponseKind } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import type { ApproverCardView, CardAction } from '../../ports/messenger.ts'
import type { Store } from '../../ports/store.ts'
import {
  approvalMemberRef,
  type BotReply,
  type ButtonPress,
  type PressAnswer,
  type PressRefusal,
} from '../../ports/telegram-bot.ts'
import { awaitComment, saveDraft, takeAwaitedComment, takeDraft, type AwaitedComment } from './pending-comments.ts'
import { offerBulk } from './bulk-answers.ts'
import type { TelegramApprovals } from './telegram-approvals.ts'
import { linkedAccounts, type TelegramLink } from './telegram-links.ts'

/** What answering from Telegram needs; `approvals` is absent until the approval services are wired. */
export interface PressDeps {
  store: Store
  clock: Clock
  approvals: TelegramApprovals | undefined
}

const refusal = (reason: PressRefusal): PressAnswer => ({ alert: reason, toast: null, edit: null, replies: [] })
const notice = (n: Extract<BotReply, { type: 'notice' }>['notice'], forceReply = false): BotReply => ({
  type: 'notice',
  notice: n,
  forceReply,
})

/**
 * Why a button the presser may not use now is refused: the view exists, so they may decide; a Send back from a
 * card rendered before (or forged for) an approval that does not allow it gets its own alert.
 */
function missingAction(view: ApproverCardView, action: CardAction): PressRefusal {
  return action === 'send-back' && !view.card.isSendBackAllowed ? 'SEND_BACK_DISABLED' : 'NOT_ALLOWED'
}

async function linkFor(store: Store, telegramId: number, memberRef: string): Promise<TelegramLink | null> {
  const links = await linkedAccounts(store, telegramId)
  return links.find((link) => approvalMemberRef(link.memberId) === memberRef) ?? null
}

async function decide(
  deps: PressDeps & { approvals: TelegramApprovals },
  link: TelegramLink,
  target: { approvalId: string; action: Exclude<CardAction, 'comment'>; title: string; card?: CardBinding },
  comment: string | null,
): Promise<PressAnswer> {
  const { approvalId, action, title, card } = target
  const result = await deps.approvals.decide({
    ...{ memberId: link.memberId, approvalId, userId: link.userId },
    ...{ response: action as ResponseKind, comment, ...(card ? { card } : {}) },
  })
  if (!result.ok) return refusal(result.reason)
  return { alert: null, toast: { kind: 'decision-recorded', title, action }, edit: result.view, replies: [] }
}

/**
 * Handles a button press whose tag verified. A card made for another round or another approver changes nothing
 * (the domain's `checkCardBinding`), neither directly nor through a comment prompt.
 */
export async function pressButton(deps: PressDeps, telegramId: number, press: ButtonPress): Promise<PressAnswer> {
  const link = await linkFor(deps.store, telegramId, press.memberRef)
  if (!link) return refusal('NOT_LINKED')
  if (!deps.approvals) return refusal('UNAVAILABLE')
  const approvals = deps.approvals
  const binding: CardBinding = { round: press.round, userId: press.userId }
  const view = await approvals.viewFor(link.memberId, press.approvalId, link.userId, binding)
  if (typeof view === 'string') return refusal(view)
  const { card } = view
  // "Read in full" decides nothing: the approver who may act gets the whole description (issue #17 item 2).
  if (press.action === 'read-full') {
    const fullText = { type: 'full-text' as const, title: card.title, description: card.description }
    return { alert: null, toast: null, edit: null, replies: [fullText] }
  }
  if (!view.actions.includes(press.action)) return refusal(missingAction(view, press.action))
  const target = { memberId: link.memberId, approvalId: press.approvalId, card: binding }
  if (press.action === 'comment') {
    await awaitComment(deps, telegramId, { ...target, action: 'comment' })
    return {
      alert: null,
      toast: null,
      edit: null,
      replies: [notice({ kind: 'ask-comment', title: card.title, action: 'comment' }, true)],
    }
  }
  const draft = await takeDraft(deps, telegramId, target)
  // A send-back asks for its reason like a required comment (issue #17 item 3); /cancel aborts it.
  if (draft === null && isCommentAsked(card.commentPolicy, press.action)) {
    await awaitComment(deps, telegramId, { ...target, action: press.action })
    return {
      alert: null,
      toast: null,
      edit: null,
      replies: [notice({ kind: 'ask-comment', title: card.title, action: press.action }, true)],
    }
  }
  return decide(
    { ...deps, approvals },
    link,
    { approvalId: press.approvalId, action: press.action, title: card.title, card: binding },
    draft,
  )
}

async function completeComment(
  deps: PressDeps & { approvals: TelegramApprovals },
  telegramId: number,
  awaited: AwaitedComment,
  comment: string,
): Promise<BotReply[]> {
  const links = await linkedAccounts(deps.store, telegramId)
  const link = links.find((l) => l.memberId === awaited.memberId)
  if (!link) return [notice({ kind: 'not-linked' })]
  const view = await deps.approvals.viewFor(link.memberId, awaited.approvalId, link.userId, awaited.card)
  if (typeof view === 'string') return [notice({ kind: 'decision-refused', reason: view })]
  if (awaited.action === 'comment') {
    await saveDraft(deps, telegramId, awaited, comment)
    return [notice({ kind: 'decision-recorded', title: view.card.title, action: 'comment' }), { type: 'card', view }]
  }
  const target = { approvalId: awaited.approvalId, action: awaited.action, title: view.card.title, card: awaited.card }
  const answer = await decide({ ...deps, approvals: deps.approvals }, link, target, comment)
  if (answer.alert) return [notice({ kind: 'decision-refused', reason: answer.alert })]
  return [notice(answer.toast!), ...(answer.edit ? [{ type: 'card' as const, view: answer.edit }] : [])]
}

/** Handles plain text: completes an awaited comment; null when nothing was awaited. */
export async function receiveComment(deps: PressDeps, telegramId: number, text: string): Promise<BotReply[] | null> {
  const awaited = await takeAwaitedComment(deps, telegramId)
  if (!awaited) return null
  if (!deps.approvals) return [notice({ kind: 'decision-refused', reason: 'UNAVAILABLE' })]
  return completeComment({ ...deps, approvals: deps.approvals }, telegramId, awaited, text)
}

/** `/pending`: the user's open approvals, grouped by portal, each card with its buttons. */
export async function listPending(deps: PressDeps, telegramId: number): Promise<BotReply[]> {
  const links = await linkedAccounts(deps.store, telegramId)
  if (links.length === 0) return [notice({ kind: 'not-linked' })]
  if (!deps.approvals) return [notice({ kind: 'decision-refused', reason: 'UNAVAILABLE' })]
  const replies: BotReply[] = []
  for (const link of links) {
    const views = await deps.approvals.pendingFor(link.memberId, link.userId)
    if (views.length === 0) continue
    replies.push(notice({ kind: 'pending-portal', account: link, count: views.length }))
    replies.push(...views.map((view) => ({ type: 'card' as const, view })))
    const approvable = views.filter((v) => v.actions.includes('approve')).map((v) => v.card.approvalId)
    if (approvable.length >= 2) {
      replies.push({ type: 'bulk', offer: await offerBulk(deps.store, telegramId, link, approvable) })
    }
  }
  return replies.length > 0 ? replies : [notice({ kind: 'no-pending' })]
}
