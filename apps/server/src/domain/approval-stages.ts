/**
 * @module Rounds and stages: starting a stage (timers, tasks, notices), ending it, passing to the next one and
 * ending a round. These helpers change a draft copy of the approval that the machine owns.
 */
import type {
  Approval,
  DomainContext,
  Outcome,
  Round,
  Seat,
  StageDefinition,
  StageState,
  TerminalOutcome,
  UserId,
} from './approval.ts'
import { nextDueTimes, nextReminderAt, stageDueAt } from './deadlines.ts'
import type { Effect } from './effects.ts'
import { behalfOf } from './on-behalf.ts'
import { canSelfApprove } from './self-approval.ts'
import { planStage } from './stage-resolution.ts'

/** The approval's current (newest) round. Every approval has one from its creation. */
export function currentRound(approval: Approval): Round {
  const round = approval.rounds[approval.rounds.length - 1]
  if (round === undefined) throw new Error(`Invariant broken: approval ${approval.id} has no round.`)
  return round
}

/** The stage the current round is at (active while the approval is pending). */
export function currentStage(approval: Approval): StageState {
  const round = currentRound(approval)
  const stage = round.stages[round.stageIndex]
  if (stage === undefined) throw new Error(`Invariant broken: approval ${approval.id} has no stage.`)
  return stage
}

/** The places of `stage` that have no answer yet. */
export function unansweredSeats(stage: StageState): Seat[] {
  return stage.seats.filter((seat) => seat.response === null)
}

/** The user ids of the active stage's unanswered places. */
export function pendingApproverIds(draft: Approval): UserId[] {
  return unansweredSeats(currentStage(draft)).map((seat) => seat.userId)
}

/**
 * Who still has to answer: the approvers of the active stage without an answer while the approval is pending;
 * nobody once it is decided, cancelled, expired or sent back.
 */
export function waitingFor(approval: Approval): UserId[] {
  return approval.status === 'pending' ? pendingApproverIds(approval) : []
}

/**
 * A stage of a new round, not started yet: one empty seat per named approver, and the roles and condition that
 * decide its real seats when it starts.
 */
export function newStageState(definition: StageDefinition): StageState {
  return {
    rule: definition.rule,
    deadline: definition.deadline,
    approverIds: definition.approverIds,
    roles: definition.roles ?? [],
    condition: definition.condition ?? null,
    resolution: null,
    seats: definition.approverIds.map((userId) => ({ userId, originalUserId: userId, response: null })),
    startedAt: null,
    endedAt: null,
    outcome: null,
    dueAt: null,
    isEscalated: false,
    overdueAt: null,
    remindersSent: 0,
    nextReminderAt: null,
  }
}

/** A new round of the approval's current title, description and stages, at its first stage. */
export function newRound(approval: Approval, number: number, startedAt: string): Round {
  return {
    number,
    title: approval.title,
    description: approval.description,
    startedAt,
    endedAt: null,
    outcome: null,
    stageIndex: 0,
    stages: approval.stages.map(newStageState),
  }
}

/** The Bitrix24 task of one place of the active stage, due at the approval's next deadline. */
export function taskCreate(approval: Approval, userId: UserId): Effect {
  const round = currentRound(approval)
  const { deadlineAt } = nextDueTimes(approval)
  const seat = currentStage(approval).seats.find((s) => s.userId === userId)
  const behalf = seat ? behalfOf(seat) : null
  const place = { userId, round: round.number, stageIndex: round.stageIndex }
  return { type: 'task-create', ...place, deadlineAt, ...(behalf ? { behalf } : {}) }
}

/** Completes the task of one place of the active stage. */
export function taskComplete(approval: Approval, userId: UserId, reason: 'answered' | 'handed-over'): Effect {
  const round = currentRound(approval)
  return { type: 'task-complete', userId, round: round.number, stageIndex: round.stageIndex, reason }
}

/**
 * Seats the current stage (see `planStage`): its roles resolved and absent approvers' deputies in their place,
 * the quorum capped at the seats found. Returns whether the stage runs; a stage that does not apply, or comes to
 * nobody, ends at once as passed over, with the reason in its `resolution`.
 */
function seatCurrentStage(draft: Approval, ctx: DomainContext): boolean {
  const stage = currentStage(draft)
  const config = { approverIds: stage.approverIds ?? [], roles: stage.roles ?? [], condition: stage.condition ?? null }
  // Stages stored before roles existed keep the seats they were given.
  if (stage.approverIds === undefined) return true
  const plan = planStage(draft, config, ctx.directory, ctx.now, canSelfApprove(draft))
  stage.seats = plan.seats
  stage.resolution = plan.resolution
  if (stage.rule.kind === 'quorum' && stage.rule.count > plan.seats.length && plan.seats.length > 0) {
    stage.rule = { kind: 'quorum', count: plan.seats.length }
  }
  if (plan.resolution.skipped === null) return true
  const at = ctx.now.toISOString()
  Object.assign(stage, { startedAt: at, endedAt: at, outcome: 'approved' })
  return false
}

/**
 * Starts the current stage: its seats resolved, timers from `now`, a task and a notice for each approver. Stages
 * that do not apply are passed over to the next; when none is left the round ends approved. When a deactivated
 * approver's place was handed to their head (or dropped) on the way, the initiator is told once.
 */
export function startCurrentStage(draft: Approval, ctx: DomainContext): Effect[] {
  const round = currentRound(draft)
  const notices: Effect[] = []
  const noteLeavers = () => {
    const hasLeavers = (currentStage(draft).resolution?.leavers ?? []).length > 0
    if (hasLeavers && notices.length === 0) notices.push(approverLeftNotice())
  }
  while (!seatCurrentStage(draft, ctx)) {
    noteLeavers()
    if (round.stageIndex + 1 >= round.stages.length) return [...finishRound(draft, 'approved', ctx, null), ...notices]
    round.stageIndex += 1
  }
  noteLeavers()
  const stage = currentStage(draft)
  stage.startedAt = ctx.now.toISOString()
  stage.dueAt = stageDueAt(stage.deadline, ctx.now, ctx.calendar)
  stage.nextReminderAt = nextReminderAt(draft.reminders, 0, ctx.now, ctx.calendar)
  const userIds = stage.seats.map((seat) => seat.userId)
  return [
    { type: 'notify-approvers', userIds, reason: 'stage-started' },
    ...userIds.map((userId) => taskCreate(draft, userId)),
    ...notices,
  ]
}

/** Tells the initiator that a deactivated approver's place went to their head (or was dropped). */
const approverLeftNotice = (): Effect => ({ type: 'notify-initiator', event: 'approver-left', outcome: null })

/** Ends the current stage with `outcome`; the tasks of places without an answer are completed. */
function endCurrentStage(draft: Approval, outcome: Outcome, at: string): Effect[] {
  const round = currentRound(draft)
  const stage = currentStage(draft)
  stage.endedAt = at
  stage.outcome = outcome
  stage.dueAt = null
  stage.nextReminderAt = null
  return unansweredSeats(stage).map((seat) => ({
    type: 'task-complete' as const,
    userId: seat.userId,
    round: round.number,
    stageIndex: round.stageIndex,
    reason: 'stage-ended' as const,
  }))
}

function isTerminal(outcome: Outcome): outcome is TerminalOutcome {
  return outcome !== 'returned'
}

/** The stage the rule that started `approval` moves its deal or lead to on `outcome`, if any. */
function ruleStageMove(approval: Approval, outcome: TerminalOutcome): string | null {
  const rule = approval.rule
  if (!rule || approval.subject === null || approval.subject.kind === 'task') return null
  if (outcome === 'approved') return rule.stageOnApproved
  return outcome === 'rejected' ? rule.stageOnRejected : null
}

/**
 * Whether the robot that started the approval got its answer before this `outcome`: a robot waits for one answer,
 * so a send-back answers it (`returned`) and a later outcome of a resubmitted round does not.
 */
function hasAnsweredRobot(draft: Approval, outcome: Outcome): boolean {
  const returned = draft.rounds.filter((round) => round.outcome === 'returned').length
  return outcome === 'returned' ? returned > 1 : returned > 0
}

/**
 * Records the approval's `outcome` and asks for what follows it: the CRM timeline comment (deal or lead), the
 * robot's result (once: the first send-back or the end), the rule's stage move (terminal outcomes only), and the
 * initiator's notice (skipped when the initiator did it).
 */
export function finishApproval(
  draft: Approval,
  outcome: Outcome,
  ctx: DomainContext,
  actorId: UserId | null,
): Effect[] {
  const effects: Effect[] = []
  draft.status = outcome
  if (draft.subject !== null && draft.subject.kind !== 'task') {
    const event = outcome === 'returned' ? 'returned' : 'finished'
    effects.push({ type: 'timeline-comment', event, round: currentRound(draft).number })
  }
  if (draft.robotEventToken !== null && !hasAnsweredRobot(draft, outcome)) {
    effects.push({ type: 'robot-result', outcome })
  }
  if (isTerminal(outcome)) {
    draft.closedAt = ctx.now.toISOString()
    const stageId = ruleStageMove(draft, outcome)
    if (stageId !== null) effects.push({ type: 'stage-move', stageId })
  }
  if (actorId !== draft.initiatorId) effects.push({ type: 'notify-initiator', event: 'outcome', outcome })
  return effects
}

/** Ends the round (and, unless `returned`, the approval) with `outcome`, closing its current stage. */
export function endRound(draft: Approval, outcome: Outcome, ctx: DomainContext, actorId: UserId | null): Effect[] {
  const effects = endCurrentStage(draft, outcome, ctx.now.toISOString())
  return [...effects, ...finishRound(draft, outcome, ctx, actorId)]
}

/** Records the round's end and the approval's `outcome` (the current stage already ended). */
function finishRound(draft: Approval, outcome: Outcome, ctx: DomainContext, actorId: UserId | null): Effect[] {
  const round = currentRound(draft)
  round.endedAt = ctx.now.toISOString()
  round.outcome = outcome
  return finishApproval(draft, outcome, ctx, actorId)
}

/** Passes the current stage: the next stage starts, or the last one approves the approval. */
export function passCurrentStage(draft: Approval, ctx: DomainContext, actorId: UserId | null): Effect[] {
  const round = currentRound(draft)
  if (round.stageIndex + 1 >= round.stages.length) return endRound(draft, 'approved', ctx, actorId)
  const effects = endCurrentStage(draft, 'approved', ctx.now.toISOString())
  round.stageIndex += 1
  return [...effects, ...startCurrentStage(draft, ctx)]
}
