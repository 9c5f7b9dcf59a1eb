/**
 * @module Decision rules: how the answers of one stage turn into a verdict. Send-backs are not counted here: one
 * send-back returns the whole round whatever the rule (see `approval-decide.ts`).
 */
import type { DecisionRule, Seat } from './approval.ts'

/** Counts of a stage's answers. `pending` = seats without an answer. */
export interface Tally {
  approvals: number
  rejections: number
  pending: number
}

/** A stage's verdict: still open, or decided. */
export type StageVerdict = 'open' | 'approved' | 'rejected'

/** Counts the approvals, rejections and unanswered seats of a stage (send-backs count as neither). */
export function tallySeats(seats: readonly Seat[]): Tally {
  let approvals = 0
  let rejections = 0
  let pending = 0
  for (const seat of seats) {
    if (seat.response === null) pending += 1
    else if (seat.response.kind === 'approve') approvals += 1
    else if (seat.response.kind === 'reject') rejections += 1
  }
  return { approvals, rejections, pending }
}

/**
 * How many approvals pass a stage of `seatCount` approvers under `rule`. For `percent` it is the smallest whole
 * number of approvers that is at least `percent`% of the stage (e.g. 50% of 5 → 3), never less than 1.
 */
export function requiredApprovals(rule: DecisionRule, seatCount: number): number {
  switch (rule.kind) {
    case 'all':
      return seatCount
    case 'any':
      return 1
    case 'quorum':
      return rule.count
    case 'percent':
      return Math.max(1, Math.ceil((rule.percent * seatCount) / 100))
  }
}

/**
 * The verdict of a stage. `all`: approved when everyone approved, rejected at the first rejection. `any`: the
 * first answer decides. `quorum` / `percent`: approved once the required approvals are reached, rejected as soon
 * as approvals plus unanswered seats fall below it (the target can no longer be reached).
 */
export function stageVerdict(rule: DecisionRule, tally: Tally): StageVerdict {
  const seatCount = tally.approvals + tally.rejections + tally.pending
  if (rule.kind === 'any') {
    if (tally.approvals > 0) return 'approved'
    return tally.rejections > 0 ? 'rejected' : 'open'
  }
  const required = requiredApprovals(rule, seatCount)
  if (tally.approvals >= required) return 'approved'
  if (tally.approvals + tally.pending < required) return 'rejected'
  return 'open'
}
