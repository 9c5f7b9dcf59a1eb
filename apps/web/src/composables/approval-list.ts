/** @module One page-by-page list of approvals (`GET /api/app/approvals`) with server-side cursor pagination. */
import { toValue, type MaybeRefOrGetter } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalRow } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { usePagedList } from './paged-list.ts'

/** The orders the API lists in: creation time newest or oldest first, or the soonest deadline first. */
export type ApprovalSort = 'newest' | 'oldest' | 'deadline'

/** The list filters the API accepts. */
export interface ApprovalListQuery {
  role?: 'initiator' | 'approver' | 'all'
  status?: ApprovalRow['status']
  templateId?: string
  subjectKind?: 'deal' | 'lead' | 'task'
  subjectId?: number
  q?: string
  /** ISO instants bounding the creation time. */
  from?: string
  to?: string
  /** `newest` when absent. */
  sort?: ApprovalSort
  limit?: number
}

function toQueryStrings(query: ApprovalListQuery, cursor: string | null) {
  const entries = Object.entries({ ...query, cursor: cursor ?? undefined })
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]))
}

/**
 * Loads the first page for `query` (again whenever it changes) and appends further pages on `loadMore()`.
 * Only the loaded rows are kept, so 10,000 approvals cost one page at a time.
 */
export function useApprovalList(query: MaybeRefOrGetter<ApprovalListQuery>) {
  const portal = usePortalStore()
  return usePagedList<ApprovalRow>(
    () => JSON.stringify(toValue(query)),
    (cursor) => {
      const params = toQueryStrings(toValue(query), cursor)
      return readJson(portal.client().api.app.approvals.$get({ query: params }))
    },
  )
}
