/**
 * @module Statistics facts: what an approval contributes to the portal's statistics, derived from its state
 * alone — it was started, it ended approved, rejected, cancelled or timed out, it was sent back in a round,
 * an approver answered in a stage (how long after the stage began, and whether after a deadline). Each fact
 * has an id that never changes, so the facts a transition adds are those of the new state that the old one
 * lacks ({@link newStatsFacts}), and a rebuild from stored approvals gives the same figures as the live counters.
 */
import type { Approval, ApprovalStatus, ResponseKind, Round, StageState, UserId } from './approval.ts'

/** A counted event of an approval. `timedOut` is an approval ended by its deadline (`expired`). */
export const statsCounters = ['started', 'approved', 'rejected', 'sentBack', 'cancelled', 'timedOut'] as const

/** One of {@link statsCounters}. */
export type StatsCounter = (typeof statsCounters)[number]

/** A counted event: `approverIds` are the approvers the approval had then (for the approver filter). */
export interface CountFact {
  id: string
  kind: 'count'
  at: string
  counter: StatsCounter
  approverIds: UserId[]
}

/**
 * An approver's answer: `minutes` from the start of the stage to the answer (whole minutes, rounded down),
 * `stage` numbered from 1, `isLate` when given after a deadline of the approval or of the stage had passed.
 */
export interface AnswerFact {
  id: string
  kind: 'answer'
  at: string
  approverId: UserId
  stage: number
  response: ResponseKind
  minutes: number
  isLate: boolean
}

/** What an approval contributes to the statistics. */
export type StatsFact = CountFact | AnswerFact

const endings: Partial<Record<ApprovalStatus, StatsCounter>> = {
  approved: 'approved',
  rejected: 'rejected',
  cancelled: 'cancelled',
  expired: 'timedOut',
}

function approversOf(approval: Approval): UserId[] {
  const ids = new Set<UserId>()
  for (const round of approval.rounds) {
    for (const stage of round.stages) for (const seat of stage.seats) ids.add(seat.userId)
  }
  return [...ids].sort((a, b) => a - b)
}

/** Whether an answer at `at` came after a deadline had passed (fired or not yet fired by the timer). */
function isAfterDeadline(approval: Approval, round: Round, stageIndex: number, stage: StageState, at: string) {
  const time = Date.parse(at)
  const passed = (due: string | null | undefined) => !!due && Date.parse(due) <= time
  if (passed(approval.deadline?.dueAt) || passed(stage.dueAt)) return true
  return approval.audit.some(
    (entry) =>
      entry.action === 'timeout' &&
      entry.round === round.number &&
      (entry.stageIndex === null || entry.stageIndex === stageIndex) &&
      Date.parse(entry.at) <= time,
  )
}

function answerFacts(approval: Approval): AnswerFact[] {
  const facts: AnswerFact[] = []
  for (const round of approval.rounds) {
    round.stages.forEach((stage, stageIndex) => {
      stage.seats.forEach((seat, seatIndex) => {
        const response = seat.response
        if (response === null || stage.startedAt === null) return
        const minutes = Math.max(0, Math.floor((Date.parse(response.at) - Date.parse(stage.startedAt)) / 60_000))
        const isLate = isAfterDeadline(approval, round, stageIndex, stage, response.at)
        const id = `answer:${round.number}:${stageIndex}:${seatIndex}`
        const base = { id, kind: 'answer' as const, at: response.at, approverId: seat.userId }
        facts.push({ ...base, stage: stageIndex + 1, response: response.kind, minutes, isLate })
      })
    })
  }
  return facts
}

/** Every fact the approval's state holds, in no particular order. */
export function statsFactsOf(approval: Approval): StatsFact[] {
  const approverIds = approversOf(approval)
  const count = (id: string, at: string, counter: StatsCounter): CountFact => ({
    ...{ id, kind: 'count', at },
    ...{ counter, approverIds },
  })
  const facts: StatsFact[] = [count('started', approval.createdAt, 'started')]
  for (const round of approval.rounds) {
    if (round.outcome === 'returned' && round.endedAt)
      facts.push(count(`sentBack:${round.number}`, round.endedAt, 'sentBack'))
  }
  const ending = endings[approval.status]
  if (ending && approval.closedAt) facts.push(count(`end`, approval.closedAt, ending))
  return [...facts, ...answerFacts(approval)]
}

/** The facts of `after` that `before` (`null` for a new approval) lacks: what one transition adds. */
export function newStatsFacts(before: Approval | null, after: Approval): StatsFact[] {
  const known = new Set(before ? statsFactsOf(before).map((fact) => fact.id) : [])
  return statsFactsOf(after).filter((fact) => !known.has(fact.id))
}

/** Whether the approval still waits for someone (an answer or a resubmission): listed among open approvals. */
export function isOpenApproval(approval: Approval): boolean {
  return approval.status === 'pending' || approval.status === 'returned'
}

/**
 * Nearest-rank percentiles `ps` (each 0–100) of whole minutes given as a histogram (minutes → how many times): for
 * each, the smallest value with at least `ceil(p/100 · n)` values at or below it; `null` for an empty histogram.
 * The keys are non-negative integers (an object's or a sparse array's), which JavaScript enumerates in ascending
 * order, so nothing is sorted.
 */
export function histogramPercentiles(
  histogram: Readonly<Record<string, number>> | readonly number[],
  ps: readonly number[],
) {
  let total = 0
  for (const value in histogram) total += (histogram as Record<string, number>)[value]!
  const ranks = ps.map((p) => Math.max(1, Math.ceil((p / 100) * total)))
  const found: Array<number | null> = ps.map(() => null)
  let seen = 0
  for (const value in histogram) {
    seen += (histogram as Record<string, number>)[value]!
    ranks.forEach((rank, i) => {
      if (found[i] === null && seen >= rank) found[i] = Number(value)
    })
  }
  return { total, percentiles: found }
}
