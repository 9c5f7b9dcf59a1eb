/**
 * @module The statistics call: the figures of one period and filter set, summed from the day documents
 * (`stats-days.ts`) — counts over time, time to decision (median, p90) per approver, template and stage, late
 * answers per approver — plus the slowest open approvals from the open-approvals index.
 */
import {
  bucketOf,
  daysOf,
  histogramPercentile,
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
import { anyApprover, parseCellKey, readStatsDays, type ParsedCell, type StatsDims } from './stats-days.ts'

/** What the statistics are filtered by; absent = any. */
export interface StatsFilter {
  templateId?: string
  initiatorId?: number
  approverId?: number
  departmentId?: number
  subjectKind?: 'deal' | 'lead' | 'task'
  pipelineId?: number
  /** Only approvals started by one of these users (the reader's scope); absent = anyone. */
  initiatorIds?: ReadonlySet<number>
}

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

function matches(dims: StatsDims, filter: StatsFilter): boolean {
  if (filter.templateId !== undefined && dims.templateId !== filter.templateId) return false
  if (filter.initiatorId !== undefined && dims.initiatorId !== filter.initiatorId) return false
  if (filter.initiatorIds !== undefined && !filter.initiatorIds.has(dims.initiatorId)) return false
  if (filter.departmentId !== undefined && dims.departmentId !== filter.departmentId) return false
  if (filter.subjectKind !== undefined && dims.subjectKind !== filter.subjectKind) return false
  return filter.pipelineId === undefined || dims.pipelineId === filter.pipelineId
}

const zeroCounts = (): Record<StatsCounter, number> =>
  Object.fromEntries(statsCounters.map((c) => [c, 0])) as Record<StatsCounter, number>

function withRate(counts: Record<StatsCounter, number>): StatsCounts {
  const decided = counts.approved + counts.rejected + counts.timedOut
  return { ...counts, approvalRate: decided === 0 ? null : counts.approved / decided }
}

/** Histograms (minutes → count) per group key, plus late answers per group. */
class TimeGroups<K> {
  readonly histograms = new Map<K, Map<number, number>>()
  readonly late = new Map<K, number>()
  add(key: K, minutes: Record<string, number>, late: number): void {
    const histogram = this.histograms.get(key) ?? new Map<number, number>()
    this.histograms.set(key, histogram)
    for (const [value, count] of Object.entries(minutes)) {
      histogram.set(Number(value), (histogram.get(Number(value)) ?? 0) + count)
    }
    this.late.set(key, (this.late.get(key) ?? 0) + late)
  }
  times(key: K): DecisionTimes {
    const histogram = this.histograms.get(key)!
    const answers = [...histogram.values()].reduce((sum, n) => sum + n, 0)
    const medianMinutes = histogramPercentile(histogram, 50)
    return { answers, medianMinutes, p90Minutes: histogramPercentile(histogram, 90) }
  }
}

/**
 * The statistics `viewer` may read for `query` in the portal `memberId` (see `statisticsScope`): one read per day
 * of the period, no approval read except the few slowest open ones.
 */
export async function readStatistics(store: Store, memberId: string, viewer: Viewer, query: StatsQuery) {
  const scope = statisticsScope(viewer)
  const filter = scope.kind === 'all' ? query.filter : { ...query.filter, initiatorIds: scope.initiatorIds }
  const { calendar } = await loadSettings(store, memberId)
  const days = daysOf(query.from, query.to)
  const [docs, slowestOpen] = await Promise.all([
    readStatsDays(store, memberId, days),
    slowestOpenApprovals(store, memberId, viewer, filter),
  ])
  const approver = filter.approverId === undefined ? anyApprover : String(filter.approverId)
  const buckets = new Map<string, Record<StatsCounter, number>>()
  const totals = zeroCounts()
  const byApprover = new TimeGroups<number>()
  const byTemplate = new TimeGroups<string | null>()
  const byStage = new TimeGroups<number>()
  // Cell keys repeat from day to day: each is parsed and matched against the filters once per call.
  const verdicts = new Map<string, ParsedCell | null>()
  const selected = (key: string, hasStage: boolean): ParsedCell | null => {
    let cell = verdicts.get(key)
    if (cell === undefined) {
      const parsed = parseCellKey(key, hasStage)
      const isApprover = hasStage
        ? approver === anyApprover || parsed.approver === approver
        : parsed.approver === approver
      cell = isApprover && matches(parsed.dims, filter) ? parsed : null
      verdicts.set(key, cell)
    }
    return cell
  }
  const countPrefix = `${approver}|`
  docs.forEach((doc, i) => {
    const bucketKey = bucketOf(days[i]!, query.grouping)
    const bucket = buckets.get(bucketKey) ?? zeroCounts()
    buckets.set(bucketKey, bucket)
    for (const key in doc.counts) {
      if (!key.startsWith(countPrefix) || !selected(key, false)) continue
      const counters = doc.counts[key]!
      for (const counter of statsCounters) {
        bucket[counter] += counters[counter] ?? 0
        totals[counter] += counters[counter] ?? 0
      }
    }
    for (const key in doc.answers) {
      const cell = selected(key, true)
      if (!cell) continue
      const answers = doc.answers[key]!
      byApprover.add(Number(cell.approver), answers.minutes, answers.late)
      byTemplate.add(cell.dims.templateId, answers.minutes, answers.late)
      byStage.add(cell.stage!, answers.minutes, answers.late)
    }
  })
  return {
    scope: scope.kind,
    timeZone: calendar.timeZone,
    totals: withRate(totals),
    series: [...buckets].map(([bucket, counts]) => ({ bucket, ...withRate(counts) })),
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
