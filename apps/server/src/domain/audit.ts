/**
 * @module The audit log: one entry per change of an approval, appended by every successful transition and
 * never edited. Its `seq` also keys the change's effects (`<approvalId>:<seq>:<effect index>`) for the outbox.
 */
import type { Channel, Outcome, TimeoutAction, UserId } from './approval.ts'
import type { TaskNote } from './task-change.ts'

/** What changed. */
export type AuditAction =
  | 'create'
  | 'approve'
  | 'reject'
  | 'send-back'
  | 'reassign'
  | 'escalate'
  | 'cancel'
  | 'resubmit'
  | 'remind'
  | 'timeout'
  | 'task-change'

/** One handed-over place: from whom to whom. */
export interface Handover {
  fromUserId: UserId
  toUserId: UserId
}

/** One change, as the history shows it. */
export interface AuditEntry {
  /** 1, 2, 3… in order of the changes. */
  seq: number
  at: string
  action: AuditAction
  /** Who did it; `null` for the system (timers). */
  actorId: UserId | null
  /** Whose place or role the actor used when it was not their own (a reassigned approver, an admin's cancel). */
  actingFor: UserId | null
  channel: Channel
  /** The answer's comment, or the reason of a cancel or reassignment. */
  comment: string | null
  round: number
  stageIndex: number | null
  /** Places handed over by `reassign` or `escalate`. */
  handovers: Handover[]
  /** For `timeout`: which action the deadline applied. */
  timeoutAction: TimeoutAction | null
  /** Set when this change ended the round. */
  outcome: Outcome | null
  /** For `task-change`: what happened to an approver's Bitrix24 task; absent on entries stored before it existed. */
  task?: TaskNote | null
}

/** The fields a transition supplies; `seq` and defaults are filled in by {@link appendAudit}. */
export type AuditInput = Pick<AuditEntry, 'at' | 'action' | 'actorId' | 'channel' | 'round'> &
  Partial<Pick<AuditEntry, 'actingFor' | 'comment' | 'stageIndex' | 'handovers' | 'timeoutAction' | 'outcome' | 'task'>>

/** Appends one entry to `log` (mutating it) and returns the entry. */
export function appendAudit(log: AuditEntry[], input: AuditInput): AuditEntry {
  const entry: AuditEntry = {
    seq: log.length + 1,
    actingFor: null,
    comment: null,
    stageIndex: null,
    handovers: [],
    timeoutAction: null,
    outcome: null,
    ...input,
  }
  log.push(entry)
  return entry
}
