/**
 * @module The approval state machine: one transition table saying which command applies in which status, and
 * `applyCommand`, the single entry point for changing an approval. Pure and synchronous: the state is never
 * mutated (a copy is changed and returned), time and the channel arrive in the context, and an illegal command
 * is answered with a refusal value, never an exception.
 */
import type { Approval, ApprovalStatus, DomainContext } from './approval.ts'
import type { ApprovalCommand, TransitionResult } from './approval-commands.ts'
import { decide } from './approval-decide.ts'
import { reassign } from './approval-handover.ts'
import { cancel, remind, resubmit } from './approval-lifecycle.ts'
import { deadlineDue, reminderDue } from './approval-timers.ts'
import { nextDueTimes, scheduleEffects } from './deadlines.ts'
import type { Effect } from './effects.ts'
import { refuse, type Refusal, type RefusalCode } from './refusal.ts'
import { noteTaskChange } from './task-change.ts'

/** The statuses in which a command can still change something; in every other status it is `ALREADY_DECIDED`. */
type OpenStatus = Extract<ApprovalStatus, 'pending' | 'returned'>

/** One row of the table: per open status, `'apply'` or the refusal code; and the transition itself. */
interface TransitionRule<C> {
  when: Record<OpenStatus, 'apply' | RefusalCode>
  apply: (draft: Approval, command: C, ctx: DomainContext) => Effect[] | Refusal
}

type TransitionTable = { [K in ApprovalCommand['type']]: TransitionRule<Extract<ApprovalCommand, { type: K }>> }

/**
 * The transition table. Approved, rejected, cancelled and expired approvals accept nothing (`ALREADY_DECIDED`).
 * A returned approval waits for the initiator: only `resubmit` and `cancel` apply.
 */
export const TRANSITIONS: TransitionTable = {
  decide: { when: { pending: 'apply', returned: 'ALREADY_DECIDED' }, apply: decide },
  reassign: { when: { pending: 'apply', returned: 'AWAITING_RESUBMIT' }, apply: reassign },
  cancel: { when: { pending: 'apply', returned: 'apply' }, apply: cancel },
  remind: { when: { pending: 'apply', returned: 'AWAITING_RESUBMIT' }, apply: remind },
  resubmit: { when: { pending: 'NOT_RETURNED', returned: 'apply' }, apply: resubmit },
  'reminder-due': {
    when: { pending: 'apply', returned: 'NOT_DUE' },
    apply: (draft, _command, ctx) => reminderDue(draft, ctx),
  },
  'deadline-due': { when: { pending: 'apply', returned: 'NOT_DUE' }, apply: deadlineDue },
  'task-change': { when: { pending: 'apply', returned: 'apply' }, apply: noteTaskChange },
}

function isOpen(status: ApprovalStatus): status is OpenStatus {
  return status === 'pending' || status === 'returned'
}

function ruleFor<C extends ApprovalCommand>(command: C): TransitionRule<C> {
  return TRANSITIONS[command.type] as unknown as TransitionRule<C>
}

/**
 * Applies a command to an approval at `ctx.now`. Returns the new state with the effects to record in the same
 * write (including `schedule` effects for every timer that moved), or a refusal; the input is never changed.
 * Every accepted command appends exactly one audit entry.
 */
export function applyCommand(approval: Approval, command: ApprovalCommand, ctx: DomainContext): TransitionResult {
  const status = approval.status
  if (!isOpen(status)) return refuse('ALREADY_DECIDED', `The approval is already ${status}.`)
  const rule = ruleFor(command)
  const verdict = rule.when[status]
  if (verdict !== 'apply') return refuse(verdict, `Cannot ${command.type} while the approval is ${status}.`)
  const draft = structuredClone(approval)
  const effects = rule.apply(draft, command, ctx)
  if (!Array.isArray(effects)) return effects
  draft.updatedAt = ctx.now.toISOString()
  effects.push(...scheduleEffects(nextDueTimes(approval), nextDueTimes(draft)))
  return { ok: true, state: draft, effects }
}
