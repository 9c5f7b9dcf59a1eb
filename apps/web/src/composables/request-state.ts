/** @module Loading and error state of a request: the one place the SPA turns a thrown value into `error`. */
import { ref } from 'vue'

/** Anything thrown, as an Error (the API client throws `ApiError`, which already is one). */
export function toError(caught: unknown): Error {
  return caught instanceof Error ? caught : new Error(String(caught))
}

/**
 * `isLoading` and `error` for one workflow, and `guarded(work)`, which runs `work` with them kept: true when it
 * succeeded, false when it threw (the reason is in `error`, for the page to show).
 */
export function useRequestState() {
  const isLoading = ref(false)
  const error = ref<Error | null>(null)

  async function guarded(work: () => Promise<unknown>): Promise<boolean> {
    isLoading.value = true
    error.value = null
    try {
      await work()
      return true
    } catch (caught) {
      error.value = toError(caught)
      return false
    } finally {
      isLoading.value = false
    }
  }

  return { isLoading, error, guarded }
}
