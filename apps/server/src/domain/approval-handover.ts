/**
 * @module Handing places over: a reassignment asked for by an approver or an admin, and an escalation to
 * department heads when a deadline says so. Either way the seat keeps its `originalUserId`.
 */
import type { Approval, DomainContext, UserId } from './approval.ts'
import type { ApproverLeftCommand, ReassignCommand } from './approval-commands.ts'
import { userIdSchema } from './approval-schemas.ts'
import { currentRound, currentStage, taskComplete, taskCreate, unansweredSeats } from './approval-stages.ts'
import { appendAudit, type Handover } from './audit.ts'
import type { Effect } from './effects.ts'
import { escalationTarget, nextLevelTarget, type OrgStructure } from './escalation.ts'
import type { HandoverReason } from './on-behalf.ts'
import { canReassign } from './permissions.ts'
import { refuse, type Refusal } from './refusal.ts'
import { canSelfApprove, checkHandoverToInitiator } from './self-approval.ts'

/** Moves one unanswered place of the active stage to `toUserId` for `reason`, with its task and notices. */
function handOver(draft: Approval, fromUserId: UserId, toUserId: UserId, reason: HandoverReason): Effect[] {
  const seat = unansweredSeats(currentStage(draft)).find((s) => s.userId === fromUserId)
  if (seat === undefined) throw new Error(`Invariant broken: no open place of ${fromUserId} to hand over.`)
  const completed = taskComplete(draft, fromUserId, 'handed-over')
  seat.userId = toUserId
  seat.handedOver = reason
  return [completed, taskCreate(draft, toUserId)]
}

/**
 * Hands `fromUserId`'s place in the active stage to `toUserId` for a reason. Refusals: those of `canReassign`,
 * `REASON_REQUIRED`, `INVALID_INPUT` (not a user id), `SELF_APPROVAL` when the target is the initiator and the
 * approval does not allow self-approval, and `ALREADY_AN_APPROVER` when the target already has a place in the
 * stage (answered or not). The audit entry has the actor, `actingFor` = the place's holder when an admin acted, and
 * the handover.
 */
export function reassign(draft: Approval, command: ReassignCommand, ctx: DomainContext): Effect[] | Refusal {
  const check = canReassign(draft, command.actor, command.fromUserId)
  if (!check.ok) return check
  const reason = command.reason.trim()
  if (reason === '') return refuse('REASON_REQUIRED', 'Say why the place is handed over.')
  if (!userIdSchema.safeParse(command.toUserId).success) {
    return refuse('INVALID_INPUT', 'The new approver is not a valid user.', [
      { path: 'toUserId', message: 'Not a user id.' },
    ])
  }
  const self = checkHandoverToInitiator(draft, command.toUserId)
  if (!self.ok) return self
  if (currentStage(draft).seats.some((seat) => seat.userId === command.toUserId)) {
    return refuse('ALREADY_AN_APPROVER', 'That user already decides in this stage: choose someone else.')
  }
  const effects = handOver(draft, command.fromUserId, command.toUserId, 'reassignment')
  effects.push({ type: 'notify-approvers', userIds: [command.toUserId], reason: 'handover' }, { type: 'update-cards' })
  const round = currentRound(draft)
  appendAudit(draft.audit, {
    at: ctx.now.toISOString(),
    action: 'reassign',
    actorId: command.actor.userId,
    actingFor: command.actor.userId === command.fromUserId ? null : command.fromUserId,
    channel: ctx.channel,
    comment: reason,
    round: round.number,
    stageIndex: round.stageIndex,
    handovers: [{ fromUserId: command.fromUserId, toUserId: command.toUserId }],
  })
  return effects
}

/**
 * Hands every unanswered place of the active stage one level up: on the first escalation to the approver's
 * nearest department head (see `escalationTarget`), on later ones to the next head above (see
 * `nextLevelTarget`); never to someone already in the stage, nor to the initiator unless the approval allows
 * self-approval. Places with no possible target stay as they are.
 */
export function escalatePending(
  draft: Approval,
  org: OrgStructure,
  isFirstLevel = true,
): { handovers: Handover[]; effects: Effect[] } {
  const stage = currentStage(draft)
  const taken = new Set(stage.seats.map((seat) => seat.userId))
  // Without self-approval the initiator is never a target, neither as a head nor as the last resort.
  if (!canSelfApprove(draft)) taken.add(draft.initiatorId)
  const handovers: Handover[] = []
  const effects: Effect[] = []
  for (const seat of unansweredSeats(stage)) {
    const target = isFirstLevel
      ? escalationTarget(org, seat.userId, draft.initiatorId, taken)
      : nextLevelTarget(org, seat, taken)
    if (target === null) continue
    taken.add(target)
    handovers.push({ fromUserId: seat.userId, toUserId: target })
    effects.push(...handOver(draft, seat.userId, target, 'escalation'))
  }
  if (handovers.length > 0) {
    const userIds = handovers.map((handover) => handover.toUserId)
    effects.push({ type: 'notify-approvers', userIds, reason: 'handover' })
    effects.push({ type: 'notify-initiator', event: 'escalated', outcome: null })
  }
  return { handovers, effects }
}

/**
 * Hands a deactivated approver's unanswered place in the active stage to their nearest department head (see
 * `escalationTarget`: never someone already in the stage, nor the initiator unless the approval allows
 * self-approval), tells the new holder and the initiator, and records an `escalate` entry by the system acting
 * for the leaver. Refusals: `NOT_AN_APPROVER` when they hold no open place now, `NO_HANDOVER_TARGET` when nobody
 * can take it.
 */
export function handOverLeaver(draft: Approval, command: ApproverLeftCommand, ctx: DomainContext): Effect[] | Refusal {
  const stage = currentStage(draft)
  if (!unansweredSeats(stage).some((seat) => seat.userId === command.userId)) {
    return refuse('NOT_AN_APPROVER', 'The user holds no open place in this approval.')
  }
  const taken = new Set(stage.seats.map((seat) => seat.userId))
  if (!canSelfApprove(draft)) taken.add(draft.initiatorId)
  const target = escalationTarget(command.org, command.userId, draft.initiatorId, taken)
  if (target === null) return refuse('NO_HANDOVER_TARGET', 'Nobody can take the place of the deactivated user.')
  const effects = handOver(draft, command.userId, target, 'leaver')
  effects.push({ type: 'notify-approvers', userIds: [target], reason: 'handover' }, { type: 'update-cards' })
  effects.push({ type: 'notify-initiator', event: 'approver-left', outcome: null })
  const round = currentRound(draft)
  appendAudit(draft.audit, {
    ...{ at: ctx.now.toISOString(), action: 'escalate', actorId: null, actingFor: command.userId },
    ...{ channel: ctx.channel, round: round.number, stageIndex: round.stageIndex },
    handovers: [{ fromUserId: command.userId, toUserId: target }],
  })
  return effects
}
