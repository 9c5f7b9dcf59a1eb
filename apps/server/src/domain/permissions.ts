/**
 * @module Permissions: who may view, decide, cancel, remind, reassign and resubmit, for the roles initiator,
 * approver and portal admin; who sees which approvals (admins and auditors all, department heads their
 * departments' when the portal allows it, everyone else those they take part in); who reads and edits templates.
 * Each check also looks at the approval's status, so the SPA can show exactly the buttons that will work, and
 * the machine gives the same answer. Every list, detail and export reads visibility from here.
 */
import type { Actor, Approval, ResponseKind, Seat, UserId } from './approval.ts'
import type { OrgStructure } from './escalation.ts'
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

/**
 * Someone looking at approvals: an {@link Actor} with what the portal's access settings grant beyond their own
 * roles. A plain `Actor` is a viewer with no grants.
 */
export interface Viewer extends Actor {
  /** Named an auditor in the portal's access settings: sees every approval (and acts only by their own roles). */
  isAuditor?: boolean
  /**
   * The users of the departments the viewer heads, sub-departments included, when the portal lets department
   * heads see their departments' approvals (see {@link departmentUserIds}); absent or empty otherwise.
   */
  departmentUserIds?: ReadonlySet<UserId>
}

/** Why a viewer may see an approval. */
export type ViewGround = 'participant' | 'admin' | 'auditor' | 'department-head'

/** Whether the initiator or any approver of `approval` is one of `userIds`. */
function involvesAnyOf(approval: Approval, userIds: ReadonlySet<UserId>): boolean {
  if (userIds.has(approval.initiatorId)) return true
  return approval.rounds.some((round) =>
    round.stages.some((stage) => stage.seats.some((s) => userIds.has(s.userId) || userIds.has(s.originalUserId))),
  )
}

/**
 * Why `viewer` may see `approval`, or `null`: its initiator and approvers (participants), admins, auditors, and
 * the head of a department (or of a department above it) whose member started the approval or holds a place in it.
 */
export function viewGround(approval: Approval, viewer: Viewer): ViewGround | null {
  if (approval.initiatorId === viewer.userId || isAnyApprover(approval, viewer.userId)) return 'participant'
  if (viewer.isAdmin) return 'admin'
  if (viewer.isAuditor === true) return 'auditor'
  const members = viewer.departmentUserIds
  if (members !== undefined && members.size > 0 && involvesAnyOf(approval, members)) return 'department-head'
  return null
}

/** Whether `viewer` may see the approval, its stages, answers and audit (see {@link viewGround}). */
export function canView(approval: Approval, viewer: Viewer): boolean {
  return viewGround(approval, viewer) !== null
}

/**
 * Which of the portal's approvals `viewer` may browse beyond their own: `all` (admins, auditors), `department`
 * (department heads, when the portal allows it: filtered by {@link canView}), or `none`.
 */
export function portalReach(viewer: Viewer): 'all' | 'department' | 'none' {
  if (viewer.isAdmin || viewer.isAuditor === true) return 'all'
  return viewer.departmentUserIds !== undefined && viewer.departmentUserIds.size > 0 ? 'department' : 'none'
}

/**
 * The users of every department `headId` heads, and of every department below those (the head included when
 * they are a member). Empty for someone who heads nothing. A cycle in the structure stops the walk.
 */
export function departmentUserIds(org: OrgStructure, headId: UserId): Set<UserId> {
  const children = new Map<number, number[]>()
  for (const d of org.departments) {
    if (d.parentId !== null) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id])
  }
  const covered = new Set<number>()
  const queue = org.departments.filter((d) => d.headId === headId).map((d) => d.id)
  while (queue.length > 0) {
    const id = queue.pop()!
    if (covered.has(id)) continue
    covered.add(id)
    queue.push(...(children.get(id) ?? []))
  }
  const users = new Set<UserId>()
  for (const [userId, departments] of Object.entries(org.userDepartments)) {
    if (departments.some((id) => covered.has(id))) users.add(Number(userId))
  }
  return users
}

/** Templates are read by everyone who may start approvals: every portal user. */
export function canReadTemplates(actor: Actor): boolean {
  return actor.userId > 0
}

/** Templates are created, changed and deleted by portal admins only. */
export function canEditTemplates(actor: Actor): boolean {
  return actor.isAdmin
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

/**
 * Whose approvals a user's statistics cover: the portal's (`all`), those started by the users of the departments
 * the reader heads and by the reader (`department`), or only those the reader started (`own`).
 */
export type StatisticsScope = { kind: 'all' } | { kind: 'department' | 'own'; initiatorIds: ReadonlySet<UserId> }

/**
 * The statistics `viewer` may read: admins and auditors the portal's; a department head (when the portal lets
 * heads see their departments) the approvals their departments' users started; anyone else the approvals they
 * started (their answers on others' approvals belong to those initiators' figures). Lists and exports are per
 * approval and use {@link canView}; statistics are sums, so they are scoped by the initiator instead.
 */
export function statisticsScope(viewer: Viewer): StatisticsScope {
  const reach = portalReach(viewer)
  if (reach === 'all') return { kind: 'all' }
  if (reach === 'none') return { kind: 'own', initiatorIds: new Set([viewer.userId]) }
  return { kind: 'department', initiatorIds: new Set([viewer.userId, ...viewer.departmentUserIds!]) }
}
