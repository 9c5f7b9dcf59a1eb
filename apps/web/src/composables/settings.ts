/** @module The portal's approval settings (`/api/app/settings`): everyone reads, admins save. */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { SettingsDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** The settings with `load()` and `save()`. */
export function useSettings() {
  const portal = usePortalStore()
  const settings = ref<SettingsDto | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.settings
  const run = (work: () => Promise<SettingsDto>) => guarded(async () => (settings.value = await work()))

  const load = () => run(async () => (await readJson(api().$get())).settings)
  const save = (value: SettingsDto) => run(async () => (await readJson(api().$put({ json: value }))).settings)
  return { settings, isLoading, error, load, save }
}
