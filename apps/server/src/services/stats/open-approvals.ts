/**
 * @module The slowest open approvals: the open-approvals index read oldest first, each approval checked against
 * the statistics filters and the reader's right to see it (`canView`), at most a bounded number examined. With
 * filters, the small statistics markers (their dimensions and approvers) are read first and only the approvals they
 * let through are read and checked again; an approval whose marker lacks them is read as well.
 */
import { canView, isOpenApproval, waitingFor, type Approval, type UserId, type Viewer } from '../../domain/index.ts'
import type { Store } from '../../ports/store.ts'
import { approvalKey, approverIds, type ApprovalRecord } from '../approvals/approval-records.ts'
import { departmentOfApproval, openApprovalsIndex, statsMarkerKey, type StatsMarker } from './record-stats.ts'
import { matches, type StatsFilter } from './stats-filter.ts'

/** One row of the slowest open approvals. */
export interface OpenApprovalRow {
  id: string
  title: string
  status: 'pending' | 'returned'
  createdAt: string
  initiatorId: UserId
  templateId: string | null
  waitingFor: UserId[]
}

/** How many rows the table shows. */
export const slowestOpenCount = 10
/** At most this many index entries are examined, so a rare filter cannot scan the portal. */
const maxScanned = 300

async function isMatch(store: Store, approval: Approval, filter: StatsFilter): Promise<boolean> {
  const subject = approval.subject
  if (filter.templateId !== undefined && approval.templateId !== filter.templateId) return false
  if (filter.initiatorId !== undefined && approval.initiatorId !== filter.initiatorId) return false
  if (filter.initiatorIds !== undefined && !filter.initiatorIds.has(approval.initiatorId)) return false
  if (filter.approverId !== undefined && !approverIds(approval).includes(filter.approverId)) return false
  if (filter.subjectKind !== undefined && subject?.kind !== filter.subjectKind) return false
  if (filter.pipelineId !== undefined && (subject?.kind !== 'deal' || subject.pipelineId !== filter.pipelineId)) {
    return false
  }
  if (filter.departmentId === undefined) return true
  return (await departmentOfApproval(store, approval)) === filter.departmentId
}

const toRow = (a: Approval): OpenApprovalRow => ({
  ...{ id: a.id, title: a.title, status: a.status as OpenApprovalRow['status'], createdAt: a.createdAt },
  ...{ initiatorId: a.initiatorId, templateId: a.templateId, waitingFor: waitingFor(a) },
})

/** The approvals of `ids` whose statistics markers pass `filter`, or lack what it needs (read and checked later). */
async function passingMarkers(store: Store, memberId: string, ids: string[], filter: StatsFilter): Promise<string[]> {
  const markers = await store.getMany<StatsMarker>(ids.map((id) => statsMarkerKey(memberId, id)))
  return ids.filter((_, i) => {
    const marker = markers[i]?.value
    if (!marker?.dims || !marker.approverIds) return true
    const isApprover = filter.approverId === undefined || marker.approverIds.includes(filter.approverId)
    return isApprover && matches(marker.dims, filter)
  })
}

/** The open approvals `viewer` may see that match `filter`, oldest first, at most {@link slowestOpenCount}. */
export async function slowestOpenApprovals(
  store: Store,
  memberId: string,
  viewer: Viewer,
  filter: StatsFilter,
): Promise<OpenApprovalRow[]> {
  const rows: OpenApprovalRow[] = []
  const isUnfiltered = Object.values(filter).every((value) => value === undefined)
  let cursor: string | undefined
  // A first page about the size of the table (enough without filters), larger pages after it.
  for (let scanned = 0; rows.length < slowestOpenCount && scanned < maxScanned;) {
    const limit = scanned === 0 ? 2 * slowestOpenCount : 100
    const page = await store.indexPage(openApprovalsIndex(memberId), { limit, cursor })
    scanned += page.entries.length
    const ids = page.entries.map((e) => e.member)
    const candidates = isUnfiltered ? ids : await passingMarkers(store, memberId, ids, filter)
    const docs = await store.getMany<ApprovalRecord>(candidates.map((id) => approvalKey(memberId, id)))
    for (const approval of docs.map((doc) => doc?.value.approval)) {
      if (!approval || !isOpenApproval(approval) || !canView(approval, viewer)) continue
      if (rows.length < slowestOpenCount && (await isMatch(store, approval, filter))) rows.push(toRow(approval))
    }
    cursor = page.cursor
    if (cursor === undefined) break
  }
  return rows
}
