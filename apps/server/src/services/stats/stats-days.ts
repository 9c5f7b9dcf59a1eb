/**
 * @module The statistics aggregates in the store: documents per portal and calendar day (and a month roll-up of
 * the unfiltered figures) holding counters per cell — a cell is one combination of the filter dimensions
 * (approver, template, initiator, department, subject kind, pipeline) — and, per answer cell, a histogram of whole
 * minutes to the answer with the count of late answers. A statistics call reads the documents its period and
 * filters need ({@link StatsView}) in one store round trip and sums the cells its filters select; it never reads
 * an approval. Writers add with compare-and-set, so concurrent commits never lose a count.
 */
import type { StatsCounter, UserId } from '../../domain/index.ts'
import { ConflictError } from '../../ports/errors.ts'
import { maxKeysPerRead, tenantKey, type Store } from '../../ports/store.ts'

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

/**
 * One statistics document of a portal: counters per count cell and answers per answer cell. The same shape serves
 * every {@link StatsView}; only what the cell keys name differs (see {@link statsDocKey}).
 */
export interface StatsDay {
  counts: Record<string, Partial<Record<StatsCounter, number>>>
  answers: Record<string, AnswerCell>
}

/**
 * The documents kept per portal and period:
 * - `cube`, per day: count cells of every approval ({@link countCellKey} with {@link anyApprover}) and answer cells
 *   ({@link answerCellKey}) — what filtered calls read when neither an approver nor a template is named;
 * - `approver`, per day and approver (the `part`): that approver's count cells ({@link countCellKey} with the
 *   approver's id) and answer cells — all a call filtered by approver reads;
 * - `template`, per day and template (the `part`): the `cube` cells of that template's approvals — all a call
 *   filtered by template (and not by approver) reads;
 * - `all`, per day and per month (the roll-up): the unfiltered figures — counters keyed by the day
 *   (`YYYY-MM-DD`), answers keyed by {@link allAnswerKey} — so a year without filters reads about a dozen small
 *   documents.
 * A call filtered by approver or template so reads only that approver's or template's share of each day.
 */
export type StatsView = 'cube' | 'approver' | 'template' | 'all'

/**
 * The key of a statistics document: `period` is a day (`YYYY-MM-DD`) or, for the `all` view, a month too
 * (`YYYY-MM`); `part` names the approver or template of the `approver` and `template` views.
 */
export function statsDocKey(memberId: string, view: StatsView, period: string, part?: string | number): string {
  return part === undefined
    ? tenantKey(memberId, 'stats', view, period)
    : tenantKey(memberId, 'stats', view, period, String(part))
}

/** An answer cell of the `all` view: `approver|stage|template`. */
export function allAnswerKey(approverId: UserId, stage: number, templateId: string | null): string {
  return `${approverId}|${stage}|${templateId ?? ''}`
}

/** The approver part of a count cell that counts every approval once, whoever approves it. */
export const anyApprover = '*'

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
 * Adds `delta` to the statistics document `key` with compare-and-set, re-reading on a lost race.
 * @throws ConflictError `CONCURRENT_UPDATE` only after {@link maxAttempts} lost races.
 */
export async function addToStatsDoc(store: Store, key: string, delta: DayDelta): Promise<void> {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = await store.get<StatsDay>(key)
    const written = await store.compareAndSet(key, addToDay(current?.value ?? emptyDay(), delta), current?.version ?? 0)
    if (written !== null) return
    await pause(Math.floor(Math.random() * Math.min(attempt, 20)))
  }
  throw new ConflictError('CONCURRENT_UPDATE', 'The statistics of the day kept changing meanwhile')
}

/** Reads the statistics documents `keys` (absent ones as empty), in the order given, 1000 per store read. */
export async function readStatsDocs(store: Store, keys: string[]): Promise<StatsDay[]> {
  const docs: StatsDay[] = []
  for (let i = 0; i < keys.length; i += maxKeysPerRead) {
    const found = await store.getMany<StatsDay>(keys.slice(i, i + maxKeysPerRead))
    for (const doc of found) docs.push(doc?.value ?? emptyDay())
  }
  return docs
}
