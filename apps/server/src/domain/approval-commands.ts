/**
 * @module The commands the approval machine accepts, and what a transition returns.
 */
import type { Actor, Approval, ResponseKind, UserId } from './approval.ts'
import type { CardBinding } from './permissions.ts'
import type { ResubmitChangesInput } from './approval-schemas.ts'
import type { Effect } from './effects.ts'
import type { OrgStructure } from './escalation.ts'
import type { Refusal } from './refusal.ts'
import type { TaskChangeCommand } from './task-change.ts'

/** An approver answers. */
export interface DecideCommand {
  type: 'decide'
  actor: Actor
  response: ResponseKind
  comment?: string | null
  /** Set when the answer comes from a Telegram card: the round and approver the card was made for. */
  card?: CardBinding
}

/** An approver (for their own place) or an admin hands a place in the active stage to another user. */
export interface ReassignCommand {
  type: 'reassign'
  actor: Actor
  fromUserId: UserId
  toUserId: UserId
  reason: string
}

/** The initiator or an admin cancels. */
export interface CancelCommand {
  type: 'cancel'
  actor: Actor
  reason: string
}

/** The initiator or an admin reminds the active stage's pending approvers now. */
export interface RemindCommand {
  type: 'remind'
  actor: Actor
}

/** The initiator edits a returned approval and starts a new round. */
export interface ResubmitCommand {
  type: 'resubmit'
  actor: Actor
  changes: ResubmitChangesInput
  /** What was changed, for the approvers and the history. */
  comment?: string | null
}

/** The due-time queue says the reminder timer has come. */
export interface ReminderDueCommand {
  type: 'reminder-due'
}

/** The due-time queue says the deadline timer has come; `org` is the portal's structure for escalation. */
export interface DeadlineDueCommand {
  type: 'deadline-due'
  org: OrgStructure
}

/** Any command of the approval machine. */
export type ApprovalCommand =
  | DecideCommand
  | ReassignCommand
  | CancelCommand
  | RemindCommand
  | ResubmitCommand
  | ReminderDueCommand
  | DeadlineDueCommand
  | TaskChangeCommand

/** An accepted command: the new state and the effects to put in the outbox with it. */
export interface Transition {
  ok: true
  state: Approval
  effects: Effect[]
}

/** What the machine answers: a transition or a refusal (nothing changed). */
export type TransitionResult = Transition | Refusal
