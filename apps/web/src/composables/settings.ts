/** @module The portal's approval settings (`/api/app/settings`): everyone reads, admins save. */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { SettingsDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'

/** The settings with `load()` and `save()`. */
export function useSettings() {
  const portal = usePortalStore()
  const settings = ref<SettingsDto | null>(null)
  const isLoading = ref(false)
  const error = ref<Error | null>(null)
  const api = () => portal.client().api.app.settings

  async function run(work: () => Promise<SettingsDto>): Promise<boolean> {
    isLoading.value = true
    error.value = null
    try {
      settings.value = await work()
      return true
    } catch (caught) {
      error.value = caught instanceof Error ? caught : new Error(String(caught))
      return false
    } finally {
      isLoading.value = false
    }
  }

  const load = () => run(async () => (await readJson(api().$get())).settings)
  const save = (value: SettingsDto) => run(async () => (await readJson(api().$put({ json: value }))).settings)
  return { settings, isLoading, error, load, save }
}
