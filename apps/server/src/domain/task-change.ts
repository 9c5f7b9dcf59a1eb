/**
 * @module What happened to an approver's Bitrix24 task outside the app, recorded in the approval's history: the
 * approver completed it (and why that did not count as their approval), deferred it, or somebody deleted it. A
 * completion that does count is not recorded here: it is the approver's `approve` answer, channel `bitrix24`.
 */
import type { Approval, DomainContext, UserId } from './approval.ts'
import { currentRound } from './approval-stages.ts'
import { appendAudit } from './audit.ts'
import type { Effect } from './effects.ts'
import { refuse, type Refusal, type RefusalCode } from './refusal.ts'

/** A change of an approver's task in Bitrix24 the history shows. */
export type TaskChangeKind = 'completed' | 'deferred' | 'deleted'

/**
 * Why completing the task did not count as the approver's approval: the portal's setting is off, someone else
 * closed it, or the approval refused the answer (its refusal code: a required comment, not their turn…).
 */
export type TaskNotCounted = 'setting-off' | 'not-the-approver' | RefusalCode

/** One recorded task change: whose task, what happened to it, and (for a completion) why it did not count. */
export interface TaskNote {
  /** The Bitrix24 task's `ID`. */
  taskId: number
  /** The approver whose place the task belongs to. */
  userId: UserId
  change: TaskChangeKind
  /** Set for a completion that did not count as the approver's approval; `null` otherwise. */
  notCounted: TaskNotCounted | null
}

/** The portal reported a change of an approver's task (`ONTASKUPDATE` / `ONTASKDELETE`). */
export interface TaskChangeCommand {
  type: 'task-change'
  /** Who changed the task, when the portal says (`null`: unknown). */
  actorId: UserId | null
  note: TaskNote
}

/** The task ids the history says were deleted in Bitrix24: the app never writes to them again. */
export function deletedTaskIds(approval: Approval): Set<number> {
  const ids = approval.audit.flatMap((entry) => (entry.task?.change === 'deleted' ? [entry.task.taskId] : []))
  return new Set(ids)
}

/**
 * Records the task change in the history. No effects: nothing is sent anywhere. Refusals: `NOT_AN_APPROVER`
 * when the task's approver holds no place in the current round, `ALREADY_RECORDED` when the newest record of
 * this task already says the same (a repeated or concurrent delivery of the same change), or any record once
 * the task is deleted.
 */
export function noteTaskChange(draft: Approval, command: TaskChangeCommand, ctx: DomainContext): Effect[] | Refusal {
  const { note } = command
  const round = currentRound(draft)
  const holds = round.stages.some((stage) => stage.seats.some((seat) => seat.userId === note.userId))
  if (!holds) return refuse('NOT_AN_APPROVER', `User ${note.userId} holds no place in round ${round.number}.`)
  const latest = draft.audit.filter((entry) => entry.task?.taskId === note.taskId).at(-1)?.task
  if (latest && (latest.change === note.change || latest.change === 'deleted')) {
    return refuse('ALREADY_RECORDED', `Task ${note.taskId} is already recorded as ${latest.change}.`)
  }
  appendAudit(draft.audit, {
    at: ctx.now.toISOString(),
    action: 'task-change',
    actorId: command.actorId,
    channel: 'bitrix24',
    round: round.number,
    stageIndex: round.stageIndex,
    task: { ...note },
  })
  return []
}
