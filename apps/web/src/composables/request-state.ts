/** @module Loading and error state of a request: the one place the SPA turns a thrown value into `error`. */
import { ref } from 'vue'

/** Anything thrown, as an Error (the API client throws `ApiError`, which already is one). */
export function toError(caught: unknown): Error {
  return caught instanceof Error ? caught : new Error(String(caught))
}

/**
 * `isLoading` and `error` for one workflow, and `guarded(work)`, which runs `work` with them kept and resolves
 * true when it succeeded, false when it threw (the reason is in `error`, for the page to show). When calls
 * overlap, the latest one owns `isLoading` and `error`; `work` gets `isCurrent()` to drop an answer that a newer
 * call has overtaken.
 */
export function useRequestState() {
  const isLoading = ref(false)
  const error = ref<Error | null>(null)
  let latest = 0

  async function guarded(work: (isCurrent: () => boolean) => Promise<unknown>): Promise<boolean> {
    const mine = ++latest
    const isCurrent = () => mine === latest
    isLoading.value = true
    error.value = null
    try {
      await work(isCurrent)
      return true
    } catch (caught) {
      if (isCurrent()) error.value = toError(caught)
      return false
    } finally {
      if (isCurrent()) isLoading.value = false
    }
  }

  return { isLoading, error, guarded }
}
