/** @module Test support: a portal's statistics removed, as before statistics existed (for rebuild tests). */
import { daysOf } from '../domain/index.ts'
import type { Store } from '../ports/store.ts'
import { pendingCountersKey, statsMarkerKey } from '../services/stats/record-stats.ts'
import { statsDocKey } from '../services/stats/stats-days.ts'

/** Deletes every statistics document of the days `from`…`to` (and their months), the markers and the pending counters. */
export async function forgetStatistics(
  store: Store,
  memberId: string,
  approvalIds: string[],
  period: { from: string; to: string },
): Promise<void> {
  for (const day of daysOf(period.from, period.to)) {
    for (const view of ['cube', 'approvers', 'all'] as const) await store.delete(statsDocKey(memberId, view, day))
    await store.delete(statsDocKey(memberId, 'all', day.slice(0, 7)))
  }
  for (const id of approvalIds) await store.delete(statsMarkerKey(memberId, id))
  await store.delete(pendingCountersKey(memberId))
}
