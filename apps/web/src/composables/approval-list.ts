/** @module One page-by-page list of approvals (`GET /api/app/approvals`) with server-side cursor pagination. */
import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalRow } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { toError } from './request-state.ts'

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
  const items = shallowRef<ApprovalRow[]>([])
  const cursor = ref<string | null>(null)
  const isLoading = ref(false)
  const error = ref<Error | null>(null)
  let generation = 0

  async function fetchPage(reset: boolean) {
    const mine = ++generation
    isLoading.value = true
    error.value = null
    try {
      const params = toQueryStrings(toValue(query), reset ? null : cursor.value)
      const page = await readJson(portal.client().api.app.approvals.$get({ query: params }))
      if (mine !== generation) return
      items.value = reset ? page.items : [...items.value, ...page.items]
      cursor.value = page.cursor
    } catch (caught) {
      if (mine === generation) error.value = toError(caught)
    } finally {
      if (mine === generation) isLoading.value = false
    }
  }

  /** Reloads from the first page. */
  const reload = () => fetchPage(true)
  /** Appends the next page when there is one. */
  const loadMore = () => (cursor.value ? fetchPage(false) : Promise.resolve())

  watch(() => JSON.stringify(toValue(query)), reload, { immediate: true })
  return { items, cursor, isLoading, error, reload, loadMore }
}
