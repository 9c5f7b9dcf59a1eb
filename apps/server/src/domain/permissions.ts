/**
 * @module Permissions: who may view, decide, cancel, remind, reassign and resubmit, for the roles initiator,
 * approver and portal admin. Each check also looks at the approval's status, so the SPA can show exactly the
 * buttons that will work, and the machine gives the same answer.
 */
import type { Actor, Approval, ResponseKind, Seat, UserId } from './approval.ts'
import { refuse, type Refusal } from './refusal.ts'

/** A role a user has on one approval. */
export type Role = 'initiator' | 'approver' | 'admin'

/** An allowed action, or why not. */
export type Check = { ok: true } | Refusal

/** Actions a user may take on an approval. */
export type ApprovalAction = 'decide' | 'cancel' | 'remind' | 'reassign' | 'resubmit'

const allowed: Check = { ok: true }

function closed(approval: Approval): Refusal | null {
  return approval.status === 'pending' || approval.status === 'returned'
    ? null
    : refuse('ALREADY_DECIDED', `The approval is already ${approval.status}.`)
}

/** Whether the user holds, or held, a place in any round. */
function isAnyApprover(approval: Approval, userId: UserId): boolean {
  return approval.rounds.some((round) =>
    round.stages.some((stage) => stage.seats.some((s) => s.userId === userId || s.originalUserId === userId)),
  )
}

/** The roles of `actor` on `approval` (possibly none). */
export function rolesOf(approval: Approval, actor: Actor): Role[] {
  const roles: Role[] = []
  if (approval.initiatorId === actor.userId) roles.push('initiator')
  if (isAnyApprover(approval, actor.userId)) roles.push('approver')
  if (actor.isAdmin) roles.push('admin')
  return roles
}

/** Anyone with a role may see the approval, its stages, answers and audit; nobody else. */
export function canView(approval: Approval, actor: Actor): boolean {
  return rolesOf(approval, actor).length > 0
}

/**
 * Whether `userId` may answer now, and the seat they would answer in. Refusals: `ALREADY_DECIDED` (approval,
 * round or the user's stage closed before they answered), `NOT_AN_APPROVER`, `NOT_YOUR_TURN` (only a later
 * stage has them), `ALREADY_ANSWERED` (in this stage or an earlier one of the round). Admins answer only in
 * their own places.
 */
export function findDecisionSeat(approval: Approval, userId: UserId): { ok: true; seat: Seat } | Refusal {
  if (approval.status !== 'pending') return refuse('ALREADY_DECIDED', `The approval is already ${approval.status}.`)
  const round = approval.rounds.at(-1)
  const stageIndex = round?.stages.findIndex((stage) => stage.seats.some((s) => s.userId === userId)) ?? -1
  const active = round?.stages[round.stageIndex]
  const seat = active?.seats.find((s) => s.userId === userId)
  if (round === undefined || stageIndex < 0) return refuse('NOT_AN_APPROVER', 'You are not an approver here.')
  if (seat === undefined) {
    const later = round.stages.slice(round.stageIndex + 1).some((st) => st.seats.some((s) => s.userId === userId))
    if (later) return refuse('NOT_YOUR_TURN', 'Your stage has not started yet.')
    const earlier = round.stages.slice(0, round.stageIndex).flatMap((stage) => stage.seats)
    if (earlier.some((s) => s.userId === userId && s.response !== null)) {
      return refuse('ALREADY_ANSWERED', 'You have already answered in this round.')
    }
    return refuse('ALREADY_DECIDED', 'Your stage has already been decided.')
  }
  if (seat.response !== null) return refuse('ALREADY_ANSWERED', 'You have already answered in this round.')
  return { ok: true, seat }
}

/**
 * Whether approvers of `approval` may send it back for revision. Approvals stored before the option existed
 * have no `isSendBackAllowed` and allow it, as every approval did then.
 */
export function canSendBack(approval: Approval): boolean {
  return approval.isSendBackAllowed !== false
}

/**
 * Whether `response` is an answer this approval takes at all, whoever gives it: a send-back only where the
 * approval allows it. Refusal: `SEND_BACK_DISABLED`.
 */
export function checkResponse(approval: Approval, response: ResponseKind): Check {
  if (response !== 'send-back' || canSendBack(approval)) return allowed
  return refuse('SEND_BACK_DISABLED', 'This approval cannot be sent back for revision; approve or reject it.')
}

/**
 * The answers `userId` may give on `approval` now, in button order: none when they may not decide (see
 * {@link findDecisionSeat}); otherwise approve and reject, and send-back where the approval allows it.
 */
export function allowedResponses(approval: Approval, userId: UserId): ResponseKind[] {
  if (!findDecisionSeat(approval, userId).ok) return []
  return canSendBack(approval) ? ['approve', 'reject', 'send-back'] : ['approve', 'reject']
}

/** Which round of an approval, and which approver, a Telegram card (and so its buttons) was made for. */
export interface CardBinding {
  round: number
  userId: UserId
}

/**
 * Whether a card made for `card` may act for `userId` now: only in the round it was made for while the approval
 * waits for answers (a closed approval is left to the other checks, which say it is decided), and only for the
 * approver it was made for. Refusals: `ROUND_CHANGED` (the request was sent back and resubmitted since, or the
 * card predates round binding: round 0), `NOT_AN_APPROVER` (another approver's card).
 */
export function checkCardBinding(approval: Approval, card: CardBinding, userId: UserId): Check {
  const round = approval.rounds.at(-1)
  if (approval.status === 'pending' && round !== undefined && round.number !== card.round) {
    return refuse('ROUND_CHANGED', 'This request has changed since the card was sent: open the new card.')
  }
  if (card.userId !== userId) return refuse('NOT_AN_APPROVER', 'This card was sent to another approver.')
  return allowed
}

/** Whether `actor` may answer now (see {@link findDecisionSeat}). */
export function canDecide(approval: Approval, actor: Actor): Check {
  const found = findDecisionSeat(approval, actor.userId)
  return found.ok ? allowed : found
}

/** The initiator or an admin may cancel a pending or returned approval. */
export function canCancel(approval: Approval, actor: Actor): Check {
  const refusal = closed(approval)
  if (refusal !== null) return refusal
  if (actor.userId === approval.initiatorId || actor.isAdmin) return allowed
  return refuse('NOT_ALLOWED', 'Only the initiator or an administrator can cancel.')
}

/** The initiator or an admin may remind the pending approvers of a pending approval. */
export function canRemind(approval: Approval, actor: Actor): Check {
  const refusal = closed(approval)
  if (refusal !== null) return refusal
  if (approval.status === 'returned') return refuse('AWAITING_RESUBMIT', 'The approval waits for resubmission.')
  if (actor.userId === approval.initiatorId || actor.isAdmin) return allowed
  return refuse('NOT_ALLOWED', 'Only the initiator or an administrator can send reminders.')
}

/**
 * Whether `actor` may hand the place of `fromUserId` in the active stage to someone else: the place's holder
 * themselves, or an admin, and only while that place has no answer.
 */
export function canReassign(approval: Approval, actor: Actor, fromUserId: UserId): Check {
  const refusal = closed(approval)
  if (refusal !== null) return refusal
  if (approval.status === 'returned') return refuse('AWAITING_RESUBMIT', 'The approval waits for resubmission.')
  if (actor.userId !== fromUserId && !actor.isAdmin) {
    return refuse('NOT_ALLOWED', 'Only the approver or an administrator can reassign a place.')
  }
  const found = findDecisionSeat(approval, fromUserId)
  return found.ok ? allowed : found
}

/** Only the initiator may resubmit, and only a returned approval. */
export function canResubmit(approval: Approval, actor: Actor): Check {
  const refusal = closed(approval)
  if (refusal !== null) return refusal
  if (approval.status !== 'returned') return refuse('NOT_RETURNED', 'Only a returned approval can be resubmitted.')
  if (actor.userId === approval.initiatorId) return allowed
  return refuse('NOT_ALLOWED', 'Only the initiator can resubmit.')
}

/** The actions `actor` may take on `approval` now (reassign: for their own place, or any place as an admin). */
export function allowedActions(approval: Approval, actor: Actor): ApprovalAction[] {
  const actions: ApprovalAction[] = []
  if (canDecide(approval, actor).ok) actions.push('decide')
  if (canCancel(approval, actor).ok) actions.push('cancel')
  if (canRemind(approval, actor).ok) actions.push('remind')
  const mayReassign = actor.isAdmin ? approval.status === 'pending' : canReassign(approval, actor, actor.userId).ok
  if (mayReassign) actions.push('reassign')
  if (canResubmit(approval, actor).ok) actions.push('resubmit')
  return actions
}

/** Whose approvals a user's statistics cover: a portal's statistics, or only the approvals one user started. */
export type StatisticsScope = { kind: 'all' } | { kind: 'initiator'; userId: UserId }

/**
 * The statistics `actor` may read: an admin the portal's; anyone else the approvals they started (their answers
 * on others' approvals belong to those initiators' figures). Lists and exports are per approval and use
 * {@link canView}; statistics are sums, so they are scoped by this rule instead.
 */
export function statisticsScope(actor: Actor): StatisticsScope {
  return actor.isAdmin ? { kind: 'all' } : { kind: 'initiator', userId: actor.userId }
}
