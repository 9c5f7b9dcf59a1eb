/**
 * @module Whether the approvers being chosen can get Telegram cards (`GET /api/app/telegram/link-status`), and
 * inviting those who cannot (`POST /api/app/telegram/invitations`).
 */
import { computed, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/**
 * The chosen approvers without a Telegram link (`unlinked`, empty while no bot is configured), re-read when the
 * choice changes; `invite()` sends them each a personal link and remembers who was invited.
 */
export function useApproverLinks(approverIds: MaybeRefOrGetter<number[]>) {
  const portal = usePortalStore()
  const isConfigured = ref(false)
  const linked = shallowRef<Map<number, boolean>>(new Map())
  const invited = ref<number[]>([])
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.telegram
  const ids = computed(() => [...new Set(toValue(approverIds))].sort((a, b) => a - b))

  watch(
    () => ids.value.join(','),
    (userIds) =>
      userIds &&
      guarded(async (isCurrent) => {
        const answer = await readJson(api()['link-status'].$get({ query: { userIds } }))
        if (!isCurrent()) return
        isConfigured.value = answer.isConfigured
        linked.value = new Map(answer.users.map((user) => [user.id, user.isLinked]))
      }),
    { immediate: true },
  )
  const unlinked = computed(() => (isConfigured.value ? ids.value.filter((id) => linked.value.get(id) === false) : []))

  /** Invites the unlinked approvers; resolves true when the server accepted (see `error` otherwise). */
  const invite = () =>
    guarded(async () => {
      const userIds = unlinked.value.filter((id) => !invited.value.includes(id))
      await readJson(api().invitations.$post({ json: { userIds } }))
      invited.value = [...invited.value, ...userIds]
    })

  return { unlinked, invited, isLoading, error, invite }
}
