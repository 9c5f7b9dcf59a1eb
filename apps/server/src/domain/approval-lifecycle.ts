/**
 * @module Lifecycle transitions of the initiator and admins: cancel, remind now, and resubmit a returned
 * approval as a new round.
 */
import type { Approval, DomainContext } from './approval.ts'
import type { CancelCommand, RemindCommand, ResubmitCommand } from './approval-commands.ts'
import { dueAtIssue } from './approval-deadline.ts'
import {
  resubmitChangesSchema,
  toInputIssues,
  type ResubmitChanges,
  type ResubmitChangesInput,
} from './approval-schemas.ts'
import {
  currentRound,
  endRound,
  finishApproval,
  newRound,
  pendingApproverIds,
  startCurrentStage,
} from './approval-stages.ts'
import { appendAudit } from './audit.ts'
import { MAX_COMMENT_LENGTH } from './comment-policy.ts'
import type { Effect } from './effects.ts'
import { canCancel, canRemind, canResubmit } from './permissions.ts'
import { refuse, type Refusal } from './refusal.ts'
import { DEFAULT_REMINDER_INTERVAL_MS, recordReminders, remindable } from './reminder-bound.ts'
import { canSelfApprove, checkStagesForSelfApproval } from './self-approval.ts'

/**
 * Cancels a pending or returned approval for a reason. Refusals: those of `canCancel`, `REASON_REQUIRED`. An
 * admin cancelling is recorded as acting for the initiator.
 */
export function cancel(draft: Approval, command: CancelCommand, ctx: DomainContext): Effect[] | Refusal {
  const check = canCancel(draft, command.actor)
  if (!check.ok) return check
  const reason = command.reason.trim()
  if (reason === '') return refuse('REASON_REQUIRED', 'Say why the approval is cancelled.')
  const round = currentRound(draft)
  const wasPending = draft.status === 'pending'
  const effects: Effect[] = wasPending
    ? endRound(draft, 'cancelled', ctx, command.actor.userId)
    : finishApproval(draft, 'cancelled', ctx, command.actor.userId)
  appendAudit(draft.audit, {
    at: ctx.now.toISOString(),
    action: 'cancel',
    actorId: command.actor.userId,
    actingFor: command.actor.userId === draft.initiatorId ? null : draft.initiatorId,
    channel: ctx.channel,
    comment: reason,
    round: round.number,
    stageIndex: wasPending ? round.stageIndex : null,
    outcome: 'cancelled',
  })
  return [{ type: 'update-cards' }, ...effects]
}

/**
 * Reminds the active stage's unanswered approvers now (does not count against the reminder policy), except
 * those reminded within the reminder interval. Refusals: those of `canRemind`, `REMINDED_RECENTLY` when that
 * leaves nobody.
 */
export function remind(draft: Approval, command: RemindCommand, ctx: DomainContext): Effect[] | Refusal {
  const check = canRemind(draft, command.actor)
  if (!check.ok) return check
  const intervalMs = ctx.reminderIntervalMs ?? DEFAULT_REMINDER_INTERVAL_MS
  const userIds = remindable(draft, pendingApproverIds(draft), ctx.now, intervalMs)
  if (userIds.length === 0) {
    const minutes = Math.round(intervalMs / 60_000)
    return refuse('REMINDED_RECENTLY', `Everyone waiting was reminded less than ${minutes} minutes ago.`)
  }
  recordReminders(draft, userIds, ctx.now)
  const round = currentRound(draft)
  appendAudit(draft.audit, {
    at: ctx.now.toISOString(),
    action: 'remind',
    actorId: command.actor.userId,
    channel: ctx.channel,
    round: round.number,
    stageIndex: round.stageIndex,
  })
  return [{ type: 'notify-approvers', userIds, reason: 'reminder' }]
}

/** Validates resubmission changes; a new approval deadline must lie in the future, at most a year ahead. */
function parseChanges(input: ResubmitChangesInput, now: Date): { ok: true; changes: ResubmitChanges } | Refusal {
  const parsed = resubmitChangesSchema.safeParse(input)
  if (!parsed.success) return refuse('INVALID_INPUT', 'The changes are not valid.', toInputIssues(parsed.error))
  const dueAt = parsed.data.deadline?.dueAt
  const issue = dueAt === undefined ? null : dueAtIssue(dueAt, now)
  if (issue) return refuse('INVALID_INPUT', 'The changes are not valid.', [issue])
  return { ok: true, changes: parsed.data }
}

/** Copies the given fields of validated changes onto the draft; absent fields stay. */
function applyChanges(draft: Approval, changes: ResubmitChanges): void {
  if (changes.title !== undefined) draft.title = changes.title
  if (changes.description !== undefined) draft.description = changes.description
  if (changes.subject !== undefined) draft.subject = changes.subject
  if (changes.stages !== undefined) draft.stages = changes.stages
  if (changes.reminders !== undefined) draft.reminders = changes.reminders
  if (changes.deadline === null) draft.deadline = null
  else if (changes.deadline !== undefined) {
    draft.deadline = { ...changes.deadline, dueAt: new Date(changes.deadline.dueAt).toISOString(), firedAt: null }
  }
}

/**
 * Applies the initiator's changes to a returned approval and starts a new round at the first stage; earlier
 * rounds stay as they were. Refusals: those of `canResubmit`, `INVALID_INPUT`, `SELF_APPROVAL` (new stages
 * naming the initiator where the approval does not allow it), `COMMENT_TOO_LONG`. An approval
 * deadline that already fired stays fired unless a new one is given.
 */
export function resubmit(draft: Approval, command: ResubmitCommand, ctx: DomainContext): Effect[] | Refusal {
  const check = canResubmit(draft, command.actor)
  if (!check.ok) return check
  const parsed = parseChanges(command.changes, ctx.now)
  if (!parsed.ok) return parsed
  const stages = parsed.changes.stages ?? draft.stages
  const self = checkStagesForSelfApproval(stages, draft.initiatorId, canSelfApprove(draft))
  if (!self.ok) return self
  const comment = (command.comment ?? '').trim()
  if (comment.length > MAX_COMMENT_LENGTH) return refuse('COMMENT_TOO_LONG', 'The comment is too long.')
  applyChanges(draft, parsed.changes)
  const number = currentRound(draft).number + 1
  draft.rounds.push(newRound(draft, number, ctx.now.toISOString()))
  draft.status = 'pending'
  draft.overdueAt = null
  const effects = startCurrentStage(draft, ctx)
  if (draft.subject !== null && draft.subject.kind !== 'task') {
    effects.push({ type: 'timeline-comment', event: 'started', round: number })
  }
  appendAudit(draft.audit, {
    at: ctx.now.toISOString(),
    action: 'resubmit',
    actorId: command.actor.userId,
    channel: ctx.channel,
    comment: comment === '' ? null : comment,
    round: number,
    stageIndex: 0,
  })
  return effects
}
