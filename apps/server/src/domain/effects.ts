/**
 * @module Effects: what a transition asks the outside world to do, as plain data. Services store them in the
 * outbox in the same write as the new state and run them later, idempotently, keyed by
 * `<approvalId>:<audit seq>:<index>`. Details (who answered, the comment, the outcome) are read from the
 * approval and its newest audit entry, so effects stay small.
 *
 * The whole vocabulary:
 * - `notify-approvers`: deliver the approval card (Telegram) and a portal notification to these approvers;
 * - `notify-initiator`: tell the initiator about a decision, the round's outcome, an overdue or an escalation;
 * - `update-cards`: re-render every card already delivered for this approval (buttons off when closed);
 * - `task-create` / `task-complete`: the Bitrix24 task of one approver's place in one stage of one round;
 *   `task-complete` with `reason: 'answered'` also carries the decision as a task comment;
 * - `timeline-comment`: a CRM timeline comment on the deal or lead (never for a task subject): the start, each
 *   answer that leaves the approval open, a return for revision and the end;
 * - `robot-result`: answer the Bitrix24 robot or business process that started the approval, once: when the
 *   approval ends, or when its first round is sent back (the pipeline then decides what a send-back means);
 * - `stage-move`: move the deal or lead to a stage (or status), as the rule that started the approval asks;
 * - `schedule`: put (or, with `dueAt: null`, drop) the approval's reminder or deadline in the due-time queue,
 *   under the key `<approvalId>:<timer>`; there is at most one timer of each kind per approval.
 */
import type { Outcome, UserId } from './approval.ts'
import type { Behalf } from './on-behalf.ts'

/** Why approvers are notified. */
export type ApproverNotice = 'stage-started' | 'reminder' | 'handover'

/** What the initiator is told about. */
export type InitiatorNotice = 'decision' | 'outcome' | 'overdue' | 'escalated' | 'approver-left'

/** What a CRM timeline comment tells: the start, an answer, a return for revision, the end. */
export type TimelineEvent = 'started' | 'answered' | 'returned' | 'finished'

/** Why a task is completed: its approver answered, the stage ended without them, or the place moved on. */
export type TaskCompletion = 'answered' | 'stage-ended' | 'handed-over'

/** One side effect requested by a transition. */
export type Effect =
  | { type: 'notify-approvers'; userIds: UserId[]; reason: ApproverNotice }
  | { type: 'notify-initiator'; event: InitiatorNotice; outcome: Outcome | null }
  | { type: 'update-cards' }
  | {
      type: 'task-create'
      userId: UserId
      round: number
      stageIndex: number
      deadlineAt: string | null
      /** On whose behalf the approver decides (a deputy, a place handed over); absent when for themself. */
      behalf?: Behalf
    }
  | { type: 'task-complete'; userId: UserId; round: number; stageIndex: number; reason: TaskCompletion }
  | { type: 'timeline-comment'; event: TimelineEvent; round: number }
  | { type: 'robot-result'; outcome: Outcome }
  | { type: 'stage-move'; stageId: string }
  | { type: 'schedule'; timer: 'reminder' | 'deadline'; dueAt: string | null }

/** The effect types, for documentation and exhaustive checks in services. */
export const EFFECT_TYPES = [
  'notify-approvers',
  'notify-initiator',
  'update-cards',
  'task-create',
  'task-complete',
  'timeline-comment',
  'robot-result',
  'stage-move',
  'schedule',
] as const satisfies readonly Effect['type'][]
