/**
 * @module Due times: when a stage's deadline and next reminder fall (in working time), which deadline is due at
 * an instant, and the `schedule` effects that keep the store's due-time queue in step with the state.
 */
import type { Approval, ReminderPolicy, StageDeadline, StageState, TimeoutAction } from './approval.ts'
import type { Effect } from './effects.ts'
import { addWorkingHours, type WorkingCalendar } from './working-time.ts'

/** The approval's next timers; `null` when there is none (also for every approval that is not pending). */
export interface DueTimes {
  reminderAt: string | null
  deadlineAt: string | null
}

/** A deadline that has come: the approval's own, or the active stage's. */
export interface DueDeadline {
  scope: 'approval' | 'stage'
  action: TimeoutAction
}

/** The stage deadline's instant for a stage starting at `startedAt`, or `null` without a deadline. */
export function stageDueAt(deadline: StageDeadline | null, startedAt: Date, calendar: WorkingCalendar): string | null {
  return deadline === null ? null : addWorkingHours(startedAt, deadline.workingHours, calendar).toISOString()
}

/**
 * The next reminder after `from` when `sent` reminders went out already, or `null` when the policy is off or
 * its `maxCount` is reached.
 */
export function nextReminderAt(
  policy: ReminderPolicy | null,
  sent: number,
  from: Date,
  calendar: WorkingCalendar,
): string | null {
  if (policy === null || sent >= policy.maxCount) return null
  return addWorkingHours(from, policy.everyWorkingHours, calendar).toISOString()
}

/** The active stage of a pending approval, or `null`. */
export function activeStage(approval: Approval): StageState | null {
  if (approval.status !== 'pending') return null
  const round = approval.rounds.at(-1)
  return round?.stages[round.stageIndex] ?? null
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  return Date.parse(a) <= Date.parse(b) ? a : b
}

/** The approval's next reminder and deadline, as services put them in the due-time queue. */
export function nextDueTimes(approval: Approval): DueTimes {
  const stage = activeStage(approval)
  if (stage === null) return { reminderAt: null, deadlineAt: null }
  const own = approval.deadline !== null && approval.deadline.firedAt === null ? approval.deadline.dueAt : null
  return { reminderAt: stage.nextReminderAt, deadlineAt: earliest(own, stage.dueAt) }
}

/**
 * The deadline a pending approval is measured against in lists: the earlier of its own deadline (also once it
 * fired, so an overdue approval stays first) and the active stage's (its due time, or when it marked the stage
 * overdue). `null` without a deadline and for every approval that is not pending.
 */
export function listDeadlineAt(approval: Approval): string | null {
  const stage = activeStage(approval)
  if (stage === null) return null
  return earliest(approval.deadline?.dueAt ?? null, stage.dueAt ?? stage.overdueAt)
}

/** The deadline due at `now` (the approval's own before the stage's), or `null` when none is. */
export function dueDeadline(approval: Approval, now: Date): DueDeadline | null {
  const stage = activeStage(approval)
  if (stage === null) return null
  const own = approval.deadline
  if (own !== null && own.firedAt === null && Date.parse(own.dueAt) <= now.getTime()) {
    return { scope: 'approval', action: own.action }
  }
  if (stage.deadline !== null && stage.dueAt !== null && Date.parse(stage.dueAt) <= now.getTime()) {
    return { scope: 'stage', action: stage.deadline.action }
  }
  return null
}

/** `schedule` effects for every timer that differs between two due-time snapshots. */
export function scheduleEffects(before: DueTimes, after: DueTimes): Effect[] {
  const effects: Effect[] = []
  if (before.reminderAt !== after.reminderAt) {
    effects.push({ type: 'schedule', timer: 'reminder', dueAt: after.reminderAt })
  }
  if (before.deadlineAt !== after.deadlineAt) {
    effects.push({ type: 'schedule', timer: 'deadline', dueAt: after.deadlineAt })
  }
  return effects
}
