/** @module Test support: a portal's statistics removed, as before statistics existed (for rebuild tests). */
import { daysOf, statsFactsOf } from '../domain/index.ts'
import type { Store } from '../ports/store.ts'
import { approvalKey, type ApprovalRecord } from '../services/approvals/approval-records.ts'
import { pendingCountersKey, statsMarkerKey } from '../services/stats/record-stats.ts'
import { statsDocKey } from '../services/stats/stats-days.ts'

/**
 * Deletes every statistics document of the days `from`…`to` (and their months) — the approver and template shares
 * of the approvals `approvalIds` included — their markers and the pending counters.
 */
export async function forgetStatistics(
  store: Store,
  memberId: string,
  approvalIds: string[],
  period: { from: string; to: string },
): Promise<void> {
  const records = await store.getMany<ApprovalRecord>(approvalIds.map((id) => approvalKey(memberId, id)))
  const approvals = records.flatMap((record) => (record ? [record.value.approval] : []))
  const facts = approvals.flatMap((approval) => statsFactsOf(approval))
  const approvers = new Set(facts.flatMap((fact) => (fact.kind === 'answer' ? [fact.approverId] : fact.approverIds)))
  const templates = new Set(approvals.flatMap((approval) => approval.templateId ?? []))
  for (const day of daysOf(period.from, period.to)) {
    for (const view of ['cube', 'all'] as const) await store.delete(statsDocKey(memberId, view, day))
    for (const id of approvers) await store.delete(statsDocKey(memberId, 'approver', day, id))
    for (const id of templates) await store.delete(statsDocKey(memberId, 'template', day, id))
    await store.delete(statsDocKey(memberId, 'all', day.slice(0, 7)))
  }
  for (const id of approvalIds) await store.delete(statsMarkerKey(memberId, id))
  await store.delete(pendingCountersKey(memberId))
}
