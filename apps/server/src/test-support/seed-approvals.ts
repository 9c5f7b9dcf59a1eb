/**
 * @module Test and bench seeding (never imported by product code): approvals written through the real domain
 * and `commitTransition` (indexes, outbox entries and timers included) over any Store, without the portal's
 * approver check or the write-back, so a list can be filled with thousands of approvals in seconds.
 */
import { createApproval, type Approval, type ApprovalDraftInput, type UserId } from '../domain/index.ts'
import type { Clock } from '../ports/clock.ts'
import type { Store } from '../ports/store.ts'
import { changeApproval, commitTransition, type CommitDeps } from '../services/approvals/commit-transition.ts'
import { newApprovalId } from '../services/approvals/start-approval.ts'

/** A working calendar with no off hours, so stage deadlines are plain hours. */
export const roundTheClock = {
  timeZone: 'UTC',
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  startHour: 0,
  endHour: 24,
  holidays: [],
}

/** Commit dependencies whose outbox records the effects but never runs them (as before a cron tick). */
export function seedDeps(store: Store, clock: Clock): CommitDeps {
  return { store, clock, outbox: { kick: () => undefined, runDue: async () => ({ claimed: 0, done: 0, retried: 0 }) } }
}

/** Starts an approval by `initiatorId` at the clock's time and commits it. */
export async function seedApproval(
  deps: CommitDeps,
  memberId: string,
  initiatorId: UserId,
  draft: ApprovalDraftInput,
): Promise<Approval> {
  const now = deps.clock.now()
  const ctx = { now: new Date(now), channel: 'web' as const, calendar: roundTheClock, id: newApprovalId(now) }
  const result = createApproval({ draft, memberId, initiatorId }, ctx)
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`)
  return commitTransition(deps, null, result)
}

/** Records `userId`'s answer on the approval, as the decision route does. */
export function seedDecision(
  deps: CommitDeps,
  approval: Pick<Approval, 'memberId' | 'id'>,
  userId: UserId,
  response: 'approve' | 'reject' | 'send-back',
): Promise<Approval> {
  const target = { memberId: approval.memberId, approvalId: approval.id, channel: 'web' as const }
  return changeApproval(deps, target, () => ({ type: 'decide', actor: { userId, isAdmin: false }, response }))
}
