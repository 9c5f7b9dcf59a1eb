/** @module The portal's write-back problems (`/api/app/write-back-problems`, admins only), newest first. */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { PortalWriteBackProblem } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** What could not be written into Bitrix24 across the portal, with `load()`. */
export function useWriteBackProblems() {
  const portal = usePortalStore()
  const problems = ref<PortalWriteBackProblem[] | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const load = () =>
    guarded(async () => {
      const api = portal.client().api.app['write-back-problems']
      problems.value = (await readJson(api.$get({ query: {} }))).problems
    })
  return { problems, isLoading, error, load }
}
