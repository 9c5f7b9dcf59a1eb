/**
 * @module The access settings screen's workflow (admins; `/api/app/access`): whether department heads see their
 * departments' approvals, and the auditors, who see every approval. Saved over the version read, so two admins
 * editing at once never overwrite each other unseen.
 */
import { computed, ref } from 'vue'
import { ApiError, readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** The most auditors a portal names (the server refuses more). */
export const maxAuditors = 100

/** The access settings as the API reads and takes them. */
export interface AccessSettingsDto {
  isDepartmentHeadAccess: boolean
  auditorIds: number[]
}

/** The auditors with `picked` added once each, in the order they were chosen. */
export function withAuditors(auditorIds: readonly number[], picked: readonly number[]): number[] {
  return [...new Set([...auditorIds, ...picked])]
}

/** The users a refused save named as not active users of the portal (`UNKNOWN_USERS`), or none. */
export function unknownUserIds(error: Error | null): number[] {
  if (!(error instanceof ApiError) || error.code !== 'UNKNOWN_USERS') return []
  const ids = (error.details as { userIds?: unknown } | undefined)?.userIds
  return Array.isArray(ids) ? ids.filter((id): id is number => typeof id === 'number') : []
}

/**
 * The access settings with `load()`, `save()` and the auditor list's edits (`addAuditors()` opens the portal's user
 * picker, or the app's own outside the frame). A save refused because another admin saved first
 * (`ACCESS_SETTINGS_CHANGED`) loads their settings and keeps the error for the page to explain.
 */
export function useAccessSettings() {
  const portal = usePortalStore()
  const access = ref<AccessSettingsDto | null>(null)
  const version = ref(0)
  const { isLoading, error, guarded } = useRequestState()
  const isTooMany = computed(() => (access.value?.auditorIds.length ?? 0) > maxAuditors)
  const unknownIds = computed(() => unknownUserIds(error.value))
  const api = () => portal.client().api.app.access

  const fetchSettings = async () => {
    const read = await readJson(api().$get())
    access.value = read.access
    version.value = read.version
  }
  const load = () => guarded(fetchSettings)

  async function save(): Promise<boolean> {
    const value = access.value
    if (!value || isTooMany.value) return false
    const isSaved = await guarded(async () => {
      const saved = await readJson(api().$put({ json: { ...value, version: version.value } }))
      access.value = saved.access
      version.value = saved.version
    })
    const refused = error.value
    if (refused instanceof ApiError && refused.code === 'ACCESS_SETTINGS_CHANGED' && (await guarded(fetchSettings))) {
      error.value = refused
    }
    return isSaved
  }

  async function addAuditors() {
    if (!access.value || !portal.frame) return
    const picked = await portal.frame.selectUsers()
    const pickedIds = picked.map((u) => u.id)
    access.value = { ...access.value, auditorIds: withAuditors(access.value.auditorIds, pickedIds) }
  }
  function removeAuditor(userId: number) {
    if (!access.value) return
    access.value = { ...access.value, auditorIds: access.value.auditorIds.filter((id) => id !== userId) }
  }

  return { access, version, isLoading, error, isTooMany, unknownIds, load, save, addAuditors, removeAuditor }
}
