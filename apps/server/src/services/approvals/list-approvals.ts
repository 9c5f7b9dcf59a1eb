/**
 * @module Reading approvals: one with its stages, answers and audit (for anyone with a role on it), and pages
 * of the portal's approvals by role (initiator, approver, or all for admins) or by subject, newest first, oldest
 * first or soonest deadline first, each an ordered index read by cursor, with the other filters applied while
 * paging.
 */
import {
  canView,
  portalReach,
  rolesOf,
  type Approval,
  type Viewer,
  type ApprovalStatus,
  type approvalSorts,
} from '../../domain/index.ts'
import { PermissionError, ValidationError } from '../../ports/errors.ts'
import type { IndexEntry, Store } from '../../ports/store.ts'
import { approvalIndexName, dueScore, type ApprovalOrder, type ApprovalScope } from './approval-indexes.ts'
import { approvalKey, approverIds, loadApproval, type ApprovalRecord } from './approval-records.ts'

/** One of the domain's `approvalSorts`. */
export type ApprovalSort = (typeof approvalSorts)[number]

/** Filters of the list. */
export interface ApprovalFilter {
  /** `all`: every approval the viewer may see (the portal's for admins and auditors, their departments' for heads). */
  role: 'initiator' | 'approver' | 'all'
  status?: ApprovalStatus
  templateId?: string
  subject?: { kind: 'deal' | 'lead' | 'task'; id: number }
  /** Case-insensitive text in the title or description. */
  text?: string
  /** Creation time range, inclusive, ISO-8601. */
  from?: string
  to?: string
  /** `newest` when absent. Approvals without a deadline come after the others under `deadline`, newest first. */
  sort?: ApprovalSort
  limit: number
  cursor?: string
}

/** One page of approvals. */
export interface ApprovalPage {
  items: Approval[]
  cursor: string | null
}

/**
 * Reads one approval for `viewer` (see the domain's `canView`).
 * @throws NotFoundError `APPROVAL_NOT_FOUND`; PermissionError `NOT_ALLOWED` when the viewer may not see it.
 */
export async function getApproval(store: Store, memberId: string, approvalId: string, viewer: Viewer) {
  const { value } = await loadApproval(store, memberId, approvalId)
  if (!canView(value.approval, viewer)) throw new PermissionError('NOT_ALLOWED', 'You have no role in this approval')
  return value.approval
}

const readings: Record<ApprovalSort, { order: ApprovalOrder; reverse: boolean }> = {
  newest: { order: 'created', reverse: true },
  oldest: { order: 'created', reverse: false },
  deadline: { order: 'due', reverse: false },
}

function hasRole(approval: Approval, actor: Viewer, role: ApprovalFilter['role']): boolean {
  if (role === 'all') return canView(approval, actor)
  if (role === 'initiator') return approval.initiatorId === actor.userId
  return approverIds(approval).includes(actor.userId) || rolesOf(approval, actor).includes('approver')
}

function matches(approval: Approval, filter: ApprovalFilter, actor: Viewer): boolean {
  if (filter.status && approval.status !== filter.status) return false
  if (filter.templateId && approval.templateId !== filter.templateId) return false
  const subject = filter.subject
  if (subject && (approval.subject?.kind !== subject.kind || approval.subject.id !== subject.id)) return false
  // A subject index holds everyone's approvals; a role index may hold one the user has no role in, added before
  // a compare-and-set that then lost (a handover to them that lost the race stays indexed).
  if (!hasRole(approval, actor, filter.role)) return false
  const created = Date.parse(approval.createdAt)
  if (filter.from && created < Date.parse(filter.from)) return false
  if (filter.to && created > Date.parse(filter.to)) return false
  const text = filter.text ? searchForm(filter.text) : ''
  return !text || searchForm(`${approval.title}\n${approval.description}`).includes(text)
}

/**
 * Text as the list search compares it: case-folded, with "ё" read as "е" (Russian writes either), so "ёлка",
 * "Елка" and "ЁЛКА" find one another.
 */
export function searchForm(text: string): string {
  return text.toLocaleLowerCase('ru').replaceAll('ё', 'е')
}

/** @throws PermissionError `ADMIN_REQUIRED` for `role: 'all'` by someone who may browse nothing beyond their own. */
function scopeFor(actor: Viewer, filter: ApprovalFilter): ApprovalScope {
  if (filter.role === 'all' && portalReach(actor) === 'none') {
    throw new PermissionError('ADMIN_REQUIRED', 'Only administrators, auditors and department heads list all approvals')
  }
  if (filter.subject) return { kind: 'subject', subject: filter.subject }
  return filter.role === 'all' ? { kind: 'all' } : { kind: filter.role, userId: actor.userId }
}

/** The store cursor inside an API cursor, which names its sort so a cursor of another order is refused. */
function storeCursor(cursor: string | undefined, sort: ApprovalSort): string | undefined {
  if (cursor === undefined) return undefined
  const dot = cursor.indexOf('.')
  if (dot < 1 || cursor.slice(0, dot) !== sort) {
    throw new ValidationError('INVALID_CURSOR', `The cursor does not belong to a list sorted by ${sort}`)
  }
  return cursor.slice(dot + 1)
}

/** At most this many index entries are examined for one answer, so a rare filter cannot scan the portal. */
const maxScannedPerAnswer = 1000
/** The largest index page read at once while a filter skips entries. */
const maxChunk = 250

interface Reader {
  store: Store
  memberId: string
  index: string
  order: ApprovalOrder
  reverse: boolean
  range: { min?: number; max?: number }
}

/** One index page with its documents; under `due`, a stale score (a crash after a write) is repaired here. */
async function readChunk(reader: Reader, cursor: string | undefined, limit: number) {
  const { store, memberId, index } = reader
  const page = await store.indexPage(index, { limit, reverse: reader.reverse, cursor, ...reader.range })
  const approvals = await Promise.all(
    page.entries.map(async (entry: IndexEntry) => {
      const approval = (await store.get<ApprovalRecord>(approvalKey(memberId, entry.member)))?.value.approval
      if (approval && reader.order === 'due' && dueScore(approval) !== entry.score) {
        await store.indexAdd(index, entry.member, dueScore(approval))
      }
      return approval ?? null
    }),
  )
  return { approvals, size: page.entries.length, cursor: page.cursor }
}

/**
 * Reads the next `need` matches from `cursor`, examining up to `size` entries. When the entries hold more
 * matches than fit, it reads again exactly up to the last match that fits, so the cursor lands right after it
 * (a page of the store's own making, hence correct even while the index changes).
 */
async function takeMatches(
  reader: Reader,
  cursor: string | undefined,
  need: number,
  size: number,
  isMatch: (approval: Approval | null) => approval is Approval,
) {
  let chunk = await readChunk(reader, cursor, size)
  let hits = chunk.approvals.filter(isMatch)
  while (hits.length > need) {
    chunk = await readChunk(reader, cursor, chunk.approvals.indexOf(hits[need - 1]!) + 1)
    hits = chunk.approvals.filter(isMatch)
  }
  return { hits, scanned: chunk.size, cursor: chunk.cursor }
}

/** The index range of the creation-time filter; the `due` indexes are scored otherwise, so they get none. */
function createdRange(filter: ApprovalFilter, order: ApprovalOrder): Reader['range'] {
  if (order === 'due') return {}
  return {
    ...(filter.from ? { min: Date.parse(filter.from) } : {}),
    ...(filter.to ? { max: Date.parse(filter.to) } : {}),
  }
}

/**
 * Lists approvals in the filter's sort order, only those `actor` may see (`role: 'all'` reads the portal's index
 * and keeps what the domain's `canView` allows, so a department head's pages may be sparse). Filters are applied while paging: an answer examines at most
 * {@link maxScannedPerAnswer} index entries (in reads that grow from `limit` to {@link maxChunk}), so a page
 * may hold fewer than `limit` items (none, for a rare filter) and still have a `cursor` to search further.
 * Paging with the cursors visits every approval that stayed in the list exactly once, in order.
 * @throws PermissionError `ADMIN_REQUIRED` for `role: 'all'` by a non-admin; ValidationError `INVALID_CURSOR`.
 */
export async function listApprovals(store: Store, memberId: string, actor: Viewer, filter: ApprovalFilter) {
  const sort = filter.sort ?? 'newest'
  const { order, reverse } = readings[sort]
  const index = approvalIndexName(memberId, scopeFor(actor, filter), order)
  const reader: Reader = { store, memberId, index, order, reverse, range: createdRange(filter, order) }
  const isMatch = (approval: Approval | null): approval is Approval => !!approval && matches(approval, filter, actor)
  const items: Approval[] = []
  let cursor = storeCursor(filter.cursor, sort)
  let scanned = 0
  for (let size = filter.limit; items.length < filter.limit && scanned < maxScannedPerAnswer; size *= 4) {
    const need = filter.limit - items.length
    const budget = Math.max(need, Math.min(size, maxChunk, maxScannedPerAnswer - scanned))
    const taken = await takeMatches(reader, cursor, need, budget, isMatch)
    items.push(...taken.hits)
    scanned += taken.scanned
    cursor = taken.cursor
    if (cursor === undefined) break
  }
  return { items, cursor: cursor === undefined ? null : `${sort}.${cursor}` } satisfies ApprovalPage
}
