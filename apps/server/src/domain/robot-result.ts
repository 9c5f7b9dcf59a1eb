/**
 * @module What an approval answers the Bitrix24 robot (or business-process activity) that started it: the result
 * word the pipeline branches on, who decided and when, their comment, and every answer of the round that ended.
 */
import type { Approval, Outcome, ResponseKind, UserId } from './approval.ts'

/** The robot's `result` return value. `error` is for a robot call that could not start an approval at all. */
export type RobotResult = 'approved' | 'rejected' | 'returned' | 'timed_out' | 'cancelled' | 'error'

/** Every robot result, in the order the docs list them. */
export const robotResults = [
  'approved',
  'rejected',
  'returned',
  'timed_out',
  'cancelled',
  'error',
] as const satisfies readonly RobotResult[]

/** One approver's answer in the round that ended. */
export interface RobotAnswer {
  userId: UserId
  kind: ResponseKind
  comment: string | null
  at: string
}

/** The robot's return values in the domain's words; the Bitrix24 adapter renders them. */
export interface RobotVerdict {
  result: RobotResult
  /** The deciding answer's comment (or the cancel reason); for `error`, what was wrong. */
  comment: string
  /** Who decided; `null` for a deadline or an error. */
  decidedBy: UserId | null
  decidedAt: string | null
  answers: RobotAnswer[]
}

const resultOf: Record<Outcome, RobotResult> = {
  approved: 'approved',
  rejected: 'rejected',
  returned: 'returned',
  cancelled: 'cancelled',
  expired: 'timed_out',
}

/** The verdict of `approval` when its round ended with `outcome` (the audit entry that recorded it decides). */
export function robotVerdict(approval: Approval, outcome: Outcome): RobotVerdict {
  const deciding = [...approval.audit].reverse().find((entry) => entry.outcome === outcome)
  // The round that ended (a returned round may have been resubmitted since).
  const round = approval.rounds.find((r) => r.number === deciding?.round) ?? approval.rounds.at(-1)
  const answers = (round?.stages ?? [])
    .flatMap((stage) => stage.seats)
    .flatMap((seat) => (seat.response ? [{ userId: seat.userId, ...seat.response }] : []))
    .map(({ userId, kind, comment, at }) => ({ userId, kind, comment, at }))
    .sort((a, b) => a.at.localeCompare(b.at))
  return {
    result: resultOf[outcome],
    comment: deciding?.comment ?? '',
    decidedBy: deciding?.actorId ?? null,
    decidedAt: deciding?.at ?? null,
    answers,
  }
}

/** The verdict of a robot call that could not start an approval: `error` with what was wrong. */
export function robotError(message: string, at: string): RobotVerdict {
  return { result: 'error', comment: message, decidedBy: null, decidedAt: at, answers: [] }
}
