/**
 * @module The approvals of one deal or lead (`GET /api/app/subjects/:kind/:id/approvals`), for its card's app
 * tab: any user gets the ones they may view, without the admin-only "all approvals" list.
 */
import { toValue, type MaybeRefOrGetter } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalRow } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import type { SubjectLike } from './subject.ts'
import { usePagedList } from './paged-list.ts'

/** The item whose approvals are listed. */
export type SubjectKey = Pick<SubjectLike, 'kind' | 'id'>

/** Pages through the approvals of `subject`, `limit` per page, newest first; reloads when `subject` changes. */
export function useSubjectApprovals(subject: MaybeRefOrGetter<SubjectKey>, limit = 20) {
  const portal = usePortalStore()
  return usePagedList<ApprovalRow>(
    () => JSON.stringify(toValue(subject)),
    async (cursor) => {
      const { kind, id } = toValue(subject)
      const query = { limit: String(limit), ...(cursor ? { cursor } : {}) }
      const route = portal.client().api.app.subjects[':kind'][':id'].approvals
      return readJson(route.$get({ param: { kind, id: String(id) }, query }))
    },
  )
}
