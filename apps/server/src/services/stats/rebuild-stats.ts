/**
 * @module Rebuilds a portal's statistics from its stored approvals: for approvals made before the statistics
 * existed, or after a crash between an approval's write and its statistics. Every approval's facts are derived
 * from its state (`statsFactsOf`, as the live counters do), grouped by day in memory and written over the day
 * documents, and the open-approvals index is refilled. Run it while no approval of the portal changes.
 */
import { isOpenApproval, statsFactsOf, type Approval } from '../../domain/index.ts'
import type { Store } from '../../ports/store.ts'
import { approvalIndex, approvalKey, type ApprovalRecord } from '../approvals/approval-records.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { dayDeltas, departmentsFromPeople, openApprovalsIndex, statsDimsOf } from './record-stats.ts'
import { addToDay, statsDayKey, type DayDelta } from './stats-days.ts'

/** Adds every fact of `approvals` to the per-day deltas in `days`. */
async function collect(
  store: Store,
  approvals: Approval[],
  context: { timeZone: string; departmentOf: (userId: number) => number | null },
  days: Map<string, DayDelta>,
) {
  const { timeZone, departmentOf } = context
  for (const approval of approvals) {
    const deltas = dayDeltas(statsFactsOf(approval), await statsDimsOf(store, approval, departmentOf), timeZone)
    for (const [day, delta] of deltas) {
      const into = days.get(day) ?? { counts: [], answers: [] }
      days.set(day, into)
      into.counts.push(...delta.counts)
      into.answers.push(...delta.answers)
    }
    if (isOpenApproval(approval)) {
      await store.indexAdd(openApprovalsIndex(approval.memberId), approval.id, Date.parse(approval.createdAt))
    }
  }
}

/**
 * Recomputes the statistics of the portal `memberId` from all its approvals; returns how many were read.
 * Day documents of days without facts are left as they are (a rebuild never lowers a day it did not see).
 */
export async function rebuildStatistics(store: Store, memberId: string): Promise<number> {
  const { calendar } = await loadSettings(store, memberId)
  const context = { timeZone: calendar.timeZone, departmentOf: await departmentsFromPeople(store, memberId) }
  const days = new Map<string, DayDelta>()
  let cursor: string | undefined
  let count = 0
  do {
    const page = await store.indexPage(approvalIndex.all(memberId), { limit: 500, cursor })
    const docs = await Promise.all(page.entries.map((e) => store.get<ApprovalRecord>(approvalKey(memberId, e.member))))
    const approvals = docs.flatMap((doc) => (doc ? [doc.value.approval] : []))
    await collect(store, approvals, context, days)
    count += approvals.length
    cursor = page.cursor
  } while (cursor !== undefined)
  for (const [day, delta] of days)
    await store.put(statsDayKey(memberId, day), addToDay({ counts: {}, answers: {} }, delta))
  return count
}
