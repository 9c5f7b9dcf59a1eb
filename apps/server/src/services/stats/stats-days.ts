/**
 * @module The statistics aggregates in the store: one document per portal and calendar day holding counters per
 * cell — a cell is one combination of the filter dimensions (approver, template, initiator, department, subject
 * kind, pipeline) — and, per answer cell, a histogram of minutes to the answer with the count of late answers.
 * A statistics call reads one document per day of its period and sums the cells its filters select; it never
 * reads an approval. Writers add to a day with compare-and-set, so concurrent commits never lose a count.
 */
import type { StatsCounter, UserId } from '../../domain/index.ts'
import { ConflictError } from '../../ports/errors.ts'
import { tenantKey, type Store } from '../../ports/store.ts'

/** What an approval is filtered by, fixed when its facts are counted. */
export interface StatsDims {
  templateId: string | null
  initiatorId: UserId
  /** The initiator's main department, when the portal's people were known. */
  departmentId: number | null
  subjectKind: 'deal' | 'lead' | 'task' | null
  /** The deal's pipeline (`CATEGORY_ID`); `null` for leads, tasks and approvals without a subject. */
  pipelineId: number | null
}

/** Answers of one answer cell: minutes to answer → how many, and how many came after a deadline. */
export interface AnswerCell {
  minutes: Record<string, number>
  late: number
}

/** One day's aggregates of one portal. Count cells keyed by {@link countCellKey}, answers by {@link answerCellKey}. */
export interface StatsDay {
  counts: Record<string, Partial<Record<StatsCounter, number>>>
  answers: Record<string, AnswerCell>
}

/** The approver part of a count cell that counts every approval once, whoever approves it. */
export const anyApprover = '*'

/** The key of the day document. */
export function statsDayKey(memberId: string, day: string): string {
  return tenantKey(memberId, 'stats', 'day', day)
}

const dimsPart = (d: StatsDims) =>
  [d.templateId ?? '', d.initiatorId, d.departmentId ?? '', d.subjectKind ?? '', d.pipelineId ?? ''].join('|')

/** A count cell: `approver|template|initiator|department|subjectKind|pipeline`. */
export function countCellKey(approver: UserId | typeof anyApprover, dims: StatsDims): string {
  return `${approver}|${dimsPart(dims)}`
}

/** An answer cell: `approver|stage|template|initiator|department|subjectKind|pipeline`. */
export function answerCellKey(approverId: UserId, stage: number, dims: StatsDims): string {
  return `${approverId}|${stage}|${dimsPart(dims)}`
}

/** A cell key read back: the approver (`*` or an id), the answer stage (answer cells only) and the dimensions. */
export interface ParsedCell {
  approver: string
  stage: number | null
  dims: StatsDims
}

const orNull = (text: string | undefined) => (text === undefined || text === '' ? null : text)
const numOrNull = (text: string | undefined) => (orNull(text) === null ? null : Number(text))

/** Reads a cell key made by {@link countCellKey} (`hasStage` false) or {@link answerCellKey} (true). */
export function parseCellKey(key: string, hasStage: boolean): ParsedCell {
  const parts = key.split('|')
  const approver = parts[0]!
  const stage = hasStage ? Number(parts[1]) : null
  const [template, initiator, department, kind, pipeline] = parts.slice(hasStage ? 2 : 1)
  const subjectKind = orNull(kind) as StatsDims['subjectKind']
  const dims = {
    ...{ templateId: orNull(template), initiatorId: Number(initiator), departmentId: numOrNull(department) },
    ...{ subjectKind, pipelineId: numOrNull(pipeline) },
  }
  return { approver, stage, dims }
}

/** Additions to one day: counter increments per count cell, answers (minutes, late) per answer cell. */
export interface DayDelta {
  counts: Array<{ cell: string; counter: StatsCounter }>
  answers: Array<{ cell: string; minutes: number; isLate: boolean }>
}

/** `delta` added to `day` (a new object; `day` is left as it was). */
export function addToDay(day: StatsDay, delta: DayDelta): StatsDay {
  const next: StatsDay = { counts: { ...day.counts }, answers: { ...day.answers } }
  for (const { cell, counter } of delta.counts) {
    const counters = { ...next.counts[cell] }
    counters[counter] = (counters[counter] ?? 0) + 1
    next.counts[cell] = counters
  }
  for (const { cell, minutes, isLate } of delta.answers) {
    const current = next.answers[cell] ?? { minutes: {}, late: 0 }
    const histogram = { ...current.minutes, [minutes]: (current.minutes[minutes] ?? 0) + 1 }
    next.answers[cell] = { minutes: histogram, late: current.late + (isLate ? 1 : 0) }
  }
  return next
}

const emptyDay = (): StatsDay => ({ counts: {}, answers: {} })
const maxAttempts = 200
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Adds `delta` to the portal's day document with compare-and-set, re-reading on a lost race.
 * @throws ConflictError `CONCURRENT_UPDATE` only after {@link maxAttempts} lost races.
 */
export async function addToStatsDay(store: Store, memberId: string, day: string, delta: DayDelta): Promise<void> {
  const key = statsDayKey(memberId, day)
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = await store.get<StatsDay>(key)
    const written = await store.compareAndSet(key, addToDay(current?.value ?? emptyDay(), delta), current?.version ?? 0)
    if (written !== null) return
    await pause(Math.floor(Math.random() * Math.min(attempt, 20)))
  }
  throw new ConflictError('CONCURRENT_UPDATE', 'The statistics of the day kept changing meanwhile')
}

/** Reads the day documents of `days` (absent days as empty), in the order given. */
export async function readStatsDays(store: Store, memberId: string, days: string[]): Promise<StatsDay[]> {
  const found = await Promise.all(days.map((day) => store.get<StatsDay>(statsDayKey(memberId, day))))
  return found.map((doc) => doc?.value ?? emptyDay())
}
