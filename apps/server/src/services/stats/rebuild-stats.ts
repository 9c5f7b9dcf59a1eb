/**
 * @module Rebuilds a portal's statistics from its stored approvals — for approvals made before the statistics
 * existed, or whose counting a crash interrupted — in bounded slices: each call reads one page of the portal's
 * approvals from a cursor, counts what each one's statistics marker lacks (`claimStats`, so a fact already counted,
 * live or by another rebuild, is never counted again) and adds the slice's facts to the documents once per
 * document. Running it again, or twice at once, or while approvals change, never double-counts.
 */
import type { Store } from '../../ports/store.ts'
import { approvalIndex, approvalKey, type ApprovalRecord } from '../approvals/approval-records.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import {
  addDeltas,
  addPending,
  claimStats,
  departmentsFromPeople,
  indexOpenness,
  mergeDeltas,
  statsDeltas,
} from './record-stats.ts'
import type { DayDelta } from './stats-days.ts'

/** Approvals read by one rebuild call: a few seconds of work, within a serverless function's limit. */
export const rebuildSliceSize = 500

/** What one rebuild call did: approvals read, facts it counted, and the cursor of the next call (`null`: done). */
export interface RebuildProgress {
  read: number
  counted: number
  cursor: string | null
  /** The approvals of the portal, for a progress bar. */
  total: number
}

/**
 * Counts the statistics of one slice of the portal's approvals (oldest first) from `cursor` (absent: the start).
 * @throws ConflictError `CONCURRENT_UPDATE` when a document kept changing for 200 attempts (call again).
 */
export async function rebuildStatisticsSlice(
  store: Store,
  memberId: string,
  options: { cursor?: string; limit?: number } = {},
): Promise<RebuildProgress> {
  const { calendar } = await loadSettings(store, memberId)
  const departmentOf = await departmentsFromPeople(store, memberId)
  const index = approvalIndex.all(memberId)
  const page = await store.indexPage(index, { limit: options.limit ?? rebuildSliceSize, cursor: options.cursor })
  const records = await store.getMany<ApprovalRecord>(page.entries.map((e) => approvalKey(memberId, e.member)))
  const deltas = new Map<string, DayDelta>()
  const pending = new Map<number, number>()
  let counted = 0
  for (const record of records) {
    if (!record) continue
    const approval = record.value.approval
    const claim = await claimStats(store, approval, departmentOf)
    await indexOpenness(store, approval)
    for (const [userId, n] of claim.pending) pending.set(userId, (pending.get(userId) ?? 0) + n)
    mergeDeltas(deltas, statsDeltas(memberId, claim.facts, claim.dims, calendar.timeZone))
    counted += claim.facts.length
  }
  await addPending(store, memberId, pending)
  await addDeltas(store, deltas)
  const total = await store.indexSize(index)
  return { read: records.length, counted, cursor: page.cursor ?? null, total }
}

/** Rebuilds the whole portal slice after slice; returns how many approvals were read. */
export async function rebuildStatistics(store: Store, memberId: string): Promise<number> {
  let cursor: string | undefined
  let read = 0
  do {
    const progress = await rebuildStatisticsSlice(store, memberId, { cursor })
    read += progress.read
    cursor = progress.cursor ?? undefined
  } while (cursor !== undefined)
  return read
}
