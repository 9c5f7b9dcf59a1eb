/**
 * @module The approvals of one Bitrix24 item (the deal or lead card's app tab), newest first, for any portal
 * user: each one only when the user may view it (the domain's `canView`), so a manager who is neither
 * sees nothing of other people's approvals, and nobody needs the admin-only `role: 'all'` listing.
 */
import { canView, type Approval, type Subject, type Viewer } from '../../domain/index.ts'
import type { Store } from '../../ports/store.ts'
import { approvalIndex, approvalKey, type ApprovalRecord } from './approval-records.ts'

/** The item whose approvals are listed. */
export type SubjectRef = Pick<Subject, 'kind' | 'id'>

/** One page of a subject's approvals; `cursor` is null after the last page. */
export interface SubjectApprovalPage {
  items: Approval[]
  cursor: string | null
}

/** At most this many index pages are read for one answer, so approvals the user may not view cannot stall it. */
const maxPagesPerAnswer = 10

const isAbout = (approval: Approval, subject: SubjectRef) =>
  approval.subject?.kind === subject.kind && approval.subject.id === subject.id

/**
 * Lists the approvals about `subject` that `actor` may view, newest first, `limit` at most per page. Pages
 * follow the subject index by cursor; approvals the actor may not view are skipped while paging, so a page may
 * hold fewer than `limit` items and still have a cursor. An approval resubmitted about another item stays
 * in the old item's index but is no longer listed there.
 */
export async function listSubjectApprovals(
  store: Store,
  memberId: string,
  actor: Viewer,
  query: { subject: SubjectRef; limit: number; cursor?: string },
): Promise<SubjectApprovalPage> {
  const index = approvalIndex.subject(memberId, query.subject)
  const items: Approval[] = []
  let cursor = query.cursor
  for (let pages = 0; pages < maxPagesPerAnswer && items.length < query.limit; pages += 1) {
    const page = await store.indexPage(index, { limit: query.limit - items.length, reverse: true, cursor })
    const records = await Promise.all(
      page.entries.map((entry) => store.get<ApprovalRecord>(approvalKey(memberId, entry.member))),
    )
    for (const record of records) {
      const approval = record?.value.approval
      if (approval && isAbout(approval, query.subject) && canView(approval, actor)) items.push(approval)
    }
    cursor = page.cursor
    if (cursor === undefined) break
  }
  return { items, cursor: cursor ?? null }
}
