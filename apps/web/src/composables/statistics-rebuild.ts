/**
 * @module The Statistics page's rebuild (admins): calls `POST /api/app/statistics/rebuild` slice after slice until
 * its cursor is null, with the share of approvals read so far, then loads the figures again.
 */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** The rebuild's state: running with its progress (0–1), and the approvals counted when it ended. */
export function useStatisticsRebuild(onDone: () => void) {
  const portal = usePortalStore()
  const progress = ref<number | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const rebuild = () =>
    guarded(async () => {
      progress.value = 0
      let cursor: string | undefined
      let read = 0
      try {
        do {
          const answer = await readJson(portal.client().api.app.statistics.rebuild.$post({ json: { cursor } }))
          read += answer.rebuild.read
          progress.value = answer.rebuild.total === 0 ? 1 : Math.min(1, read / answer.rebuild.total)
          cursor = answer.rebuild.cursor ?? undefined
        } while (cursor !== undefined)
        onDone()
      } finally {
        progress.value = null
      }
    })
  return { rebuild, progress, isRebuilding: isLoading, rebuildError: error }
}
