/** @module My notification settings (`/api/app/me/notifications`): channels, quiet hours, daily digest, language. */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

type MeApi = ReturnType<ReturnType<typeof usePortalStore>['client']>['api']['app']['me']['notifications']
/** The settings as the server keeps them. */
export type NotificationPrefs = Awaited<ReturnType<Awaited<ReturnType<MeApi['$get']>>['json']>>['notifications']

/** My settings with `load()` and `save()`; `isLinked` says whether Telegram can reach me at all. */
export function useNotificationSettings() {
  const portal = usePortalStore()
  const prefs = ref<NotificationPrefs | null>(null)
  const isLinked = ref(false)
  const isSaved = ref(false)
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.me.notifications

  const load = () =>
    guarded(async () => {
      const body = await readJson(api().$get())
      prefs.value = body.notifications
      isLinked.value = body.isTelegramLinked
    })
  const save = (value: NotificationPrefs) =>
    guarded(async () => {
      isSaved.value = false
      prefs.value = (await readJson(api().$put({ json: value }))).notifications
      isSaved.value = true
    })
  return { prefs, isLinked, isSaved, isLoading, error, load, save }
}
