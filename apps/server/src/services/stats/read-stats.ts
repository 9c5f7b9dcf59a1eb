/**
 * @module The statistics call: the figures of one period and filter set, summed from the statistics documents
 * (`stats-days.ts`: the month roll-ups and days of the `all` view without filters; with them the days' cells, of
 * the named approver or template only when one is named) — counts over time, time to decision (median, p90) per
 * approver, template and stage, late answers per approver — plus the slowest open approvals from the open-approvals index.
 */
import {
  bucketOf,
  daysOf,
  histogramPercentiles,
  statisticsScope,
  statsCounters,
  type StatisticsScope,
  type StatsCounter,
  type StatsGrouping,
  type Viewer,
} from '../../domain/index.ts'
import type { Store } from '../../ports/store.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { slowestOpenApprovals, type OpenApprovalRow } from './open-approvals.ts'
import { matches, type StatsFilter } from './stats-filter.ts'
import {
  anyApprover,
  parseCellKey,
  readStatsDocs,
  statsDocKey,
  type AnswerCell,
  type ParsedCell,
} from './stats-days.ts'

export type { StatsFilter } from './stats-filter.ts'

/** A statistics call: the period's first and last day (`YYYY-MM-DD`, portal time zone), grouping and filters. */
export interface StatsQuery {
  from: string
  to: string
  grouping: StatsGrouping
  filter: StatsFilter
}

/** Counts of one bucket (or of the whole period), with the approval rate. */
export type StatsCounts = Record<StatsCounter, number> & {
  /** approved ÷ (approved + rejected + timed out); `null` when nothing was decided. */
  approvalRate: number | null
}

/** Time to decision of one group: how many answers, median and p90 in minutes. */
export interface DecisionTimes {
  answers: number
  medianMinutes: number | null
  p90Minutes: number | null
}

/** The statistics of one call. */
export interface Statistics {
  /** Whose approvals the figures cover (see `statisticsScope`). */
  scope: StatisticsScope['kind']
  timeZone: string
  totals: StatsCounts
  series: Array<{ bucket: string } & StatsCounts>
  byApprover: Array<{ approverId: number; late: number } & DecisionTimes>
  byTemplate: Array<{ templateId: string | null } & DecisionTimes>
  byStage: Array<{ stage: number } & DecisionTimes>
  slowestOpen: OpenApprovalRow[]
}

const zeroCounts = (): Record<StatsCounter, number> =>
  Object.fromEntries(statsCounters.map((c) => [c, 0])) as Record<StatsCounter, number>

function withRate(counts: Record<StatsCounter, number>): StatsCounts {
  const decided = counts.approved + counts.rejected + counts.timedOut
  return { ...counts, approvalRate: decided === 0 ? null : counts.approved / decided }
}

/** Histograms (minutes → count) per group key, plus late answers per group. */
class TimeGroups<K> {
  readonly histograms = new Map<K, number[]>()
  readonly late = new Map<K, number>()
  add(key: K, minutes: Record<string, number>, late: number): void {
    let histogram = this.histograms.get(key)
    if (!histogram) this.histograms.set(key, (histogram = []))
    // A dense array indexed by minute: no string keys, no sorting; holes are read as 0.
    for (const value in minutes) {
      const minute = +value
      histogram[minute] = (histogram[minute] ?? 0) + minutes[value]!
    }
    this.late.set(key, (this.late.get(key) ?? 0) + late)
  }
  times(key: K): DecisionTimes {
    const { total, percentiles } = histogramPercentiles(this.histograms.get(key)!, [50, 90])
    return { answers: total, medianMinutes: percentiles[0]!, p90Minutes: percentiles[1]! }
  }
}

/** Sums what one call reads: counters into buckets and totals, answers into the three time groups. */
class Sums {
  readonly buckets = new Map<string, Record<StatsCounter, number>>()
  readonly totals = zeroCounts()
  readonly byApprover = new TimeGroups<number>()
  readonly byTemplate = new TimeGroups<string | null>()
  readonly byStage = new TimeGroups<number>()
  constructor(
    private readonly query: StatsQuery,
    days: string[],
  ) {
    for (const day of days) {
      const bucket = bucketOf(day, query.grouping)
      if (!this.buckets.has(bucket)) this.buckets.set(bucket, zeroCounts())
    }
  }
  count(day: string, counters: Partial<Record<StatsCounter, number>>): void {
    const bucket = this.buckets.get(bucketOf(day, this.query.grouping))!
    for (const counter of statsCounters) {
      bucket[counter] += counters[counter] ?? 0
      this.totals[counter] += counters[counter] ?? 0
    }
  }
  answer(cell: { approverId: number; stage: number; templateId: string | null }, answers: AnswerCell): void {
    this.byApprover.add(cell.approverId, answers.minutes, answers.late)
    this.byTemplate.add(cell.templateId, answers.minutes, answers.late)
    this.byStage.add(cell.stage, answers.minutes, answers.late)
  }
}

/**
 * The `all` documents of a period: the month roll-up for each month wholly inside it, the days otherwise, so a
 * year reads about a dozen documents.
 */
function allDocKeys(memberId: string, days: string[], from: string, to: string): string[] {
  const keys: string[] = []
  for (const day of days) {
    const month = day.slice(0, 7)
    const isWholeMonth = `${month}-01` >= from && lastDayOf(month) <= to
    if (!isWholeMonth) keys.push(statsDocKey(memberId, 'all', day))
    else if (day.endsWith('-01')) keys.push(statsDocKey(memberId, 'all', month))
  }
  return keys
}

function lastDayOf(month: string): string {
  const [year, number] = month.split('-').map(Number)
  return new Date(Date.UTC(year!, number!, 0)).toISOString().slice(0, 10)
}

/** Sums the unfiltered figures from the `all` documents. */
async function sumAll(store: Store, memberId: string, query: StatsQuery, sums: Sums, days: string[]) {
  const docs = await readStatsDocs(store, allDocKeys(memberId, days, query.from, query.to))
  const cells = new Map<string, { approverId: number; stage: number; templateId: string | null }>()
  for (const doc of docs) {
    for (const day in doc.counts) if (day >= query.from && day <= query.to) sums.count(day, doc.counts[day]!)
    for (const key in doc.answers) {
      let cell = cells.get(key)
      if (!cell) {
        const [approver, stage, template] = key.split('|')
        cell = { approverId: Number(approver), stage: Number(stage), templateId: template || null }
        cells.set(key, cell)
      }
      sums.answer(cell, doc.answers[key]!)
    }
  }
}

/**
 * The documents of each day a filtered call reads: the approver's share when it names an approver, else the
 * template's share when it names a template, else the whole `cube`.
 */
function cellDocKeys(memberId: string, filter: StatsFilter, days: string[]): string[] {
  if (filter.approverId !== undefined)
    return days.map((day) => statsDocKey(memberId, 'approver', day, filter.approverId))
  if (filter.templateId !== undefined)
    return days.map((day) => statsDocKey(memberId, 'template', day, filter.templateId))
  return days.map((day) => statsDocKey(memberId, 'cube', day))
}

/** Sums the figures `filter` selects from the cells of each day (see {@link cellDocKeys}), in one store read. */
async function sumCells(store: Store, memberId: string, filter: StatsFilter, sums: Sums, days: string[]) {
  const approver = filter.approverId === undefined ? anyApprover : String(filter.approverId)
  const docs = await readStatsDocs(store, cellDocKeys(memberId, filter, days))
  // Cell keys repeat from day to day: each is parsed and matched against the filters once per call.
  const verdicts = new Map<string, ParsedCell | null>()
  const selected = (key: string, hasStage: boolean): ParsedCell | null => {
    let cell = verdicts.get(key)
    if (cell === undefined) {
      const parsed = parseCellKey(key, hasStage)
      const isApprover = approver === anyApprover || parsed.approver === approver
      cell = isApprover && matches(parsed.dims, filter) ? parsed : null
      verdicts.set(key, cell)
    }
    return cell
  }
  days.forEach((day, i) => {
    const counts = docs[i]!.counts
    for (const key in counts) if (selected(key, false)) sums.count(day, counts[key]!)
    const answers = docs[i]!.answers
    for (const key in answers) {
      const cell = selected(key, true)
      if (!cell) continue
      const at = { approverId: Number(cell.approver), stage: cell.stage!, templateId: cell.dims.templateId }
      sums.answer(at, answers[key]!)
    }
  })
}

/**
 * The statistics `viewer` may read for `query` in the portal `memberId` (see `statisticsScope`), from one or two
 * store reads of statistics documents — without filters a year reads about a dozen — and no approval read except
 * the few slowest open ones.
 */
export async function readStatistics(store: Store, memberId: string, viewer: Viewer, query: StatsQuery) {
  const scope = statisticsScope(viewer)
  const filter = scope.kind === 'all' ? query.filter : { ...query.filter, initiatorIds: scope.initiatorIds }
  const { calendar } = await loadSettings(store, memberId)
  const days = daysOf(query.from, query.to)
  const sums = new Sums(query, days)
  const isUnfiltered = Object.values(filter).every((value) => value === undefined)
  const [slowestOpen] = await Promise.all([
    slowestOpenApprovals(store, memberId, viewer, filter),
    isUnfiltered ? sumAll(store, memberId, query, sums, days) : sumCells(store, memberId, filter, sums, days),
  ])
  const { byApprover, byTemplate, byStage } = sums
  return {
    scope: scope.kind,
    timeZone: calendar.timeZone,
    totals: withRate(sums.totals),
    series: [...sums.buckets].map(([bucket, counts]) => ({ bucket, ...withRate(counts) })),
    byApprover: [...byApprover.histograms.keys()]
      .sort((a, b) => a - b)
      .map((approverId) => ({ approverId, late: byApprover.late.get(approverId)!, ...byApprover.times(approverId) })),
    byTemplate: [...byTemplate.histograms.keys()].map((templateId) => ({
      templateId,
      ...byTemplate.times(templateId),
    })),
    byStage: [...byStage.histograms.keys()].sort((a, b) => a - b).map((stage) => ({ stage, ...byStage.times(stage) })),
    slowestOpen,
  } satisfies Statistics
}

/**
 * Each approver's time to decide over the days `from`…`to` without filters (the users page), from the `all`
 * documents: answers, median and p90 in whole minutes, by approver id.
 */
export async function approverDecisionTimes(store: Store, memberId: string, period: { from: string; to: string }) {
  const query: StatsQuery = { ...period, grouping: 'month', filter: {} }
  const days = daysOf(period.from, period.to)
  const sums = new Sums(query, days)
  await sumAll(store, memberId, query, sums, days)
  const times = new Map<number, DecisionTimes>()
  for (const approverId of sums.byApprover.histograms.keys()) times.set(approverId, sums.byApprover.times(approverId))
  return times
}
