/**
 * @module Reading approvals: one with its stages, answers and audit (for anyone with a role on it), and pages
 * of the portal's approvals by role (initiator, approver, or all for admins), newest first, with filters
 * applied while paging the store's ordered index by cursor.
 */
import { canView, type Actor, type Approval, type ApprovalStatus } from '../../domain/index.ts'
import { PermissionError } from '../../ports/errors.ts'
import type { Store } from '../../ports/store.ts'
import { approvalIndex, loadApproval, type ApprovalRecord } from './approval-records.ts'
import { approvalKey } from './approval-records.ts'

/** Filters of the list. */
export interface ApprovalFilter {
  role: 'initiator' | 'approver' | 'all'
  status?: ApprovalStatus
  templateId?: string
  subject?: { kind: 'deal' | 'lead' | 'task'; id: number }
  /** Case-insensitive text in the title or description. */
  text?: string
  /** Creation time range, inclusive, ISO-8601. */
  from?: string
  to?: string
  limit: number
  cursor?: string
}

/** One page of approvals. */
export interface ApprovalPage {
  items: Approval[]
  cursor: string | null
}

/**
 * Reads one approval for `actor`.
 * @throws NotFoundError `APPROVAL_NOT_FOUND`; PermissionError `NOT_ALLOWED` when the actor has no role on it.
 */
export async function getApproval(store: Store, memberId: string, approvalId: string, actor: Actor) {
  const { value } = await loadApproval(store, memberId, approvalId)
  if (!canView(value.approval, actor)) throw new PermissionError('NOT_ALLOWED', 'You have no role in this approval')
  return value.approval
}

function matches(approval: Approval, filter: ApprovalFilter): boolean {
  if (filter.status && approval.status !== filter.status) return false
  if (filter.templateId && approval.templateId !== filter.templateId) return false
  const subject = filter.subject
  if (subject && (approval.subject?.kind !== subject.kind || approval.subject.id !== subject.id)) return false
  const text = filter.text?.toLowerCase()
  return !text || `${approval.title}\n${approval.description}`.toLowerCase().includes(text)
}

function indexFor(memberId: string, actor: Actor, role: ApprovalFilter['role']): string {
  if (role === 'all') {
    if (!actor.isAdmin) throw new PermissionError('ADMIN_REQUIRED', 'Only portal administrators may list all approvals')
    return approvalIndex.all(memberId)
  }
  return role === 'initiator'
    ? approvalIndex.initiator(memberId, actor.userId)
    : approvalIndex.approver(memberId, actor.userId)
}

/** At most this many index pages are read for one answer, so a rare filter cannot scan the whole portal. */
const maxPagesPerAnswer = 10

/**
 * Lists approvals newest first. Filters are applied while paging, so a page may hold fewer than `limit` items
 * and still have a `cursor`.
 * @throws PermissionError `ADMIN_REQUIRED` for `role: 'all'` by a non-admin.
 */
export async function listApprovals(store: Store, memberId: string, actor: Actor, filter: ApprovalFilter) {
  const index = indexFor(memberId, actor, filter.role)
  const range = {
    ...(filter.from ? { min: Date.parse(filter.from) } : {}),
    ...(filter.to ? { max: Date.parse(filter.to) } : {}),
  }
  const items: Approval[] = []
  let cursor = filter.cursor
  for (let pages = 0; pages < maxPagesPerAnswer && items.length < filter.limit; pages += 1) {
    const page = await store.indexPage(index, { limit: filter.limit - items.length, reverse: true, cursor, ...range })
    const records = await Promise.all(
      page.entries.map((e) => store.get<ApprovalRecord>(approvalKey(memberId, e.member))),
    )
    for (const record of records)
      if (record && matches(record.value.approval, filter)) items.push(record.value.approval)
    cursor = page.cursor
    if (cursor === undefined) break
  }
  return { items, cursor: cursor ?? null } satisfies ApprovalPage
}
