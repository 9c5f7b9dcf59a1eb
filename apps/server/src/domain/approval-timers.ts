/**
 * @module Timer transitions: a reminder or a deadline whose time has come. A tick that is early, or for a timer
 * that no longer exists (the stage moved on), is refused with `NOT_DUE`, so a stale queue entry does nothing.
 */
import type { Approval, DomainContext, TimeoutAction } from './approval.ts'
import type { DeadlineDueCommand } from './approval-commands.ts'
import { escalatePending } from './approval-handover.ts'
import { currentRound, currentStage, endRound, passCurrentStage, pendingApproverIds } from './approval-stages.ts'
import { appendAudit, type Handover } from './audit.ts'
import { dueDeadline, nextReminderAt, stageDueAt, type DueDeadline } from './deadlines.ts'
import type { Effect } from './effects.ts'
import { refuse, type Refusal } from './refusal.ts'
import { DEFAULT_REMINDER_INTERVAL_MS, recordReminders, remindable } from './reminder-bound.ts'

/**
 * Sends the scheduled reminder to the unanswered approvers not reminded within the reminder interval, and
 * schedules the next one (up to `maxCount`).
 */
export function reminderDue(draft: Approval, ctx: DomainContext): Effect[] | Refusal {
  const stage = currentStage(draft)
  if (stage.nextReminderAt === null || Date.parse(stage.nextReminderAt) > ctx.now.getTime()) {
    return refuse('NOT_DUE', 'No reminder is due.')
  }
  stage.remindersSent += 1
  stage.nextReminderAt = nextReminderAt(draft.reminders, stage.remindersSent, ctx.now, ctx.calendar)
  const round = currentRound(draft)
  appendAudit(draft.audit, {
    at: ctx.now.toISOString(),
    action: 'remind',
    actorId: null,
    channel: ctx.channel,
    round: round.number,
    stageIndex: round.stageIndex,
  })
  const intervalMs = ctx.reminderIntervalMs ?? DEFAULT_REMINDER_INTERVAL_MS
  const userIds = remindable(draft, pendingApproverIds(draft), ctx.now, intervalMs)
  recordReminders(draft, userIds, ctx.now)
  return userIds.length === 0 ? [] : [{ type: 'notify-approvers', userIds, reason: 'reminder' }]
}

/** The action a deadline really took, with the places it handed over and its effects. */
interface Taken {
  action: TimeoutAction
  handovers: Handover[]
  effects: Effect[]
}

/** Flags the approval (approval deadline) or the stage (stage deadline) overdue and tells the initiator. */
function markOverdue(draft: Approval, due: DueDeadline, ctx: DomainContext): Taken {
  if (due.scope === 'approval') draft.overdueAt = ctx.now.toISOString()
  else {
    const stage = currentStage(draft)
    stage.overdueAt = ctx.now.toISOString()
    stage.dueAt = null
  }
  const effects: Effect[] = [{ type: 'notify-initiator', event: 'overdue', outcome: null }]
  return { action: 'mark-overdue', handovers: [], effects }
}

/**
 * Escalates the unanswered places one level up the structure. A stage deadline then restarts from now for the
 * new holders, and each later timeout climbs one more level; at the top (nobody left to take a place) the
 * stage's `afterEscalation` action applies (default: mark overdue). The approval's own deadline escalates once.
 */
function escalate(draft: Approval, command: DeadlineDueCommand, due: DueDeadline, ctx: DomainContext): Taken {
  const stage = currentStage(draft)
  const level = stage.escalationLevel ?? (stage.isEscalated ? 1 : 0)
  // The renewed stage deadline is set first, so the new holders' tasks carry it.
  if (due.scope === 'stage') stage.dueAt = stageDueAt(stage.deadline, ctx.now, ctx.calendar)
  const { handovers, effects } = escalatePending(draft, command.org, level === 0)
  if (handovers.length > 0) {
    if (due.scope === 'stage') Object.assign(stage, { isEscalated: true, escalationLevel: level + 1 })
    return { action: 'escalate', handovers, effects }
  }
  if (due.scope === 'approval') return markOverdue(draft, due, ctx)
  return chainEnd(draft, command, { ...due, action: stage.deadline?.afterEscalation ?? 'mark-overdue' }, ctx)
}

/** The action that ends an escalation chain. */
function chainEnd(draft: Approval, command: DeadlineDueCommand, due: DueDeadline, ctx: DomainContext): Taken {
  return due.action === 'escalate' ? markOverdue(draft, due, ctx) : applyTimeout(draft, command, due, ctx)
}

/** Applies the due deadline's action. */
function applyTimeout(draft: Approval, command: DeadlineDueCommand, due: DueDeadline, ctx: DomainContext): Taken {
  switch (due.action) {
    case 'reject':
      return { action: 'reject', handovers: [], effects: endRound(draft, 'expired', ctx, null) }
    case 'approve': {
      const whole = due.scope === 'approval'
      const effects = whole ? endRound(draft, 'approved', ctx, null) : passCurrentStage(draft, ctx, null)
      return { action: 'approve', handovers: [], effects }
    }
    case 'escalate':
      return escalate(draft, command, due, ctx)
    case 'mark-overdue':
      return markOverdue(draft, due, ctx)
  }
}

/**
 * Applies the deadline due at `now`: `reject` ends the approval as `expired`; `approve` passes the stage (a stage
 * deadline) or the whole approval (the approval's deadline); `escalate` hands unanswered places one level up the
 * structure (see {@link escalate}); `mark-overdue` flags it. The approval's own deadline fires once; a stage's per stage. The audit
 * entry's `timeoutAction` is the action really taken (an escalation with nobody to take a place marks overdue).
 */
export function deadlineDue(draft: Approval, command: DeadlineDueCommand, ctx: DomainContext): Effect[] | Refusal {
  const due = dueDeadline(draft, ctx.now)
  if (due === null) return refuse('NOT_DUE', 'No deadline is due.')
  const round = currentRound(draft)
  const stageIndex = round.stageIndex
  if (due.scope === 'approval' && draft.deadline !== null) draft.deadline.firedAt = ctx.now.toISOString()
  const taken = applyTimeout(draft, command, due, ctx)
  appendAudit(draft.audit, {
    at: ctx.now.toISOString(),
    action: 'timeout',
    actorId: null,
    channel: ctx.channel,
    round: round.number,
    stageIndex,
    handovers: taken.handovers,
    timeoutAction: taken.action,
    outcome: draft.status === 'pending' ? null : draft.status,
  })
  return [{ type: 'update-cards' }, ...taken.effects]
}
