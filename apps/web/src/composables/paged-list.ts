/**
 * @module A list read page by page with the server's cursor: the first page, reloaded on change, then more. The
 * approvals list (`approval-list.ts`) and a record's approvals (`subject-approvals.ts`) both page through it.
 */
import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { onApprovalsChanged } from './live-changes.ts'
import { useRequestState } from './request-state.ts'

/** One page as the app API answers it. */
export interface Page<T> {
  items: T[]
  cursor: string | null
}

/** The state and actions of a paged list. */
export interface PagedList<T> {
  items: ShallowRef<T[]>
  cursor: Ref<string | null>
  isLoading: Ref<boolean>
  error: Ref<Error | null>
  /** Reloads from the first page. */
  reload(): Promise<void>
  /** Appends the next page when there is one. */
  loadMore(): Promise<void>
}

/**
 * Loads the first page with `fetchPage(null)` (again whenever `key()` changes) and appends the next page on
 * `loadMore()`, and from the first page again when the portal's approvals change (live updates). An answer that arrives after a newer request started is dropped, so a quick change of the key
 * never shows the rows of the old one.
 */
export function usePagedList<T>(
  key: () => string,
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
): PagedList<T> {
  const items = shallowRef<T[]>([])
  const cursor = ref<string | null>(null)
  const { isLoading, error, guarded } = useRequestState()

  async function load(reset: boolean) {
    await guarded(async (isCurrent) => {
      const page = await fetchPage(reset ? null : cursor.value)
      if (!isCurrent()) return
      items.value = reset ? page.items : [...items.value, ...page.items]
      cursor.value = page.cursor
    })
  }

  const reload = () => load(true)
  const loadMore = () => (cursor.value ? load(false) : Promise.resolve())
  watch(key, reload, { immediate: true })
  onApprovalsChanged(reload)
  return { items, cursor, isLoading, error, reload, loadMore }
}
