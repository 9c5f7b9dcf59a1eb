/** @module One page-by-page list of approvals (`GET /api/app/approvals`) with server-side cursor pagination. */
import { toValue, type MaybeRefOrGetter } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalRow } from '../api/types.ts'
import {
  approvalListRoles,
  approvalSorts,
  approvalStatuses,
  type subjectKinds,
} from '../../../server/src/domain/approval-values.ts'
import { usePortalStore } from '../stores/portal.ts'
import { usePagedList } from './paged-list.ts'

/** The values the API takes for each choice filter (the domain's shared lists), in the order the filter bar offers them. */
export const listChoices = {
  role: approvalListRoles,
  status: approvalStatuses,
  // Only the kinds an approval can be started about (a deal or a lead), though the API also takes `task`.
  subjectKind: ['deal', 'lead'] as const satisfies readonly (typeof subjectKinds)[number][],
  sort: approvalSorts,
} as const satisfies Record<string, readonly string[]> & { status: readonly ApprovalRow['status'][] }

/** The orders the API lists in. */
export type ApprovalSort = (typeof listChoices.sort)[number]

/** The list filters the API accepts. */
export interface ApprovalListQuery {
  role?: (typeof listChoices.role)[number]
  status?: ApprovalRow['status']
  templateId?: string
  subjectKind?: (typeof listChoices.subjectKind)[number]
  subjectId?: number
  q?: string
  /** ISO instants bounding the creation time. */
  from?: string
  to?: string
  /** `newest` when absent. */
  sort?: ApprovalSort
  limit?: number
}

/** The set values of `query` as strings, as a URL query carries them; `undefined` and `''` are left out. */
export function queryStringsOf(query: Record<string, string | number | undefined>): Record<string, string> {
  const entries = Object.entries(query)
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
      const params = queryStringsOf({ ...toValue(query), cursor: cursor ?? undefined })
      return readJson(portal.client().api.app.approvals.$get({ query: params }))
    },
  )
}
