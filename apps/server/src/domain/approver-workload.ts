/**
 * @module What each approver has on their plate, from a set of approvals: the places waiting for their answer
 * now, and how long their answers took (from the start of the stage to the answer), with the median.
 */
import type { Approval, UserId } from './approval.ts'

/** One approver's figures. */
export interface ApproverWorkload {
  /** Places in active stages of pending approvals that wait for their answer. */
  pendingCount: number
  /** Median time from a stage's start to their answer, in milliseconds; `null` without answers. */
  medianDecisionMs: number | null
  decisions: number
}

/** The median of `values` (the mean of the middle two for an even count); `null` when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The workload of every approver found in `approvals`, by user id. */
export function approverWorkload(approvals: readonly Approval[]): Map<UserId, ApproverWorkload> {
  const pending = new Map<UserId, number>()
  const durations = new Map<UserId, number[]>()
  for (const approval of approvals) {
    for (const round of approval.rounds) {
      round.stages.forEach((stage, index) => {
        const isActive = approval.status === 'pending' && round === approval.rounds.at(-1) && index === round.stageIndex
        for (const seat of stage.seats) {
          if (seat.response !== null && stage.startedAt !== null) {
            const took = Date.parse(seat.response.at) - Date.parse(stage.startedAt)
            durations.set(seat.userId, [...(durations.get(seat.userId) ?? []), Math.max(0, took)])
          } else if (seat.response === null && isActive) {
            pending.set(seat.userId, (pending.get(seat.userId) ?? 0) + 1)
          }
        }
      })
    }
  }
  const result = new Map<UserId, ApproverWorkload>()
  for (const userId of new Set([...pending.keys(), ...durations.keys()])) {
    const taken = durations.get(userId) ?? []
    result.set(userId, {
      pendingCount: pending.get(userId) ?? 0,
      medianDecisionMs: median(taken),
      decisions: taken.length,
    })
  }
  return result
}
