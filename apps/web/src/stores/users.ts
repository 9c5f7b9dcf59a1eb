/** @module The portal's people (`GET /api/app/users`), loaded once and shared by every page that shows names. */
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import type { PortalUser } from '../api/types.ts'
import { usePortalStore } from './portal.ts'
import { useRequestState } from '../composables/request-state.ts'

/** The people store: `ensure()` loads them once; `nameOf(id)` falls back to `#id`. */
export const useUsersStore = defineStore('users', () => {
  const users = shallowRef<PortalUser[]>([])
  const { isLoading, error, guarded } = useRequestState()
  let pending: Promise<void> | null = null
  const byId = computed(() => new Map(users.value.map((u) => [u.id, u])))

  /** Loads the people once; later calls share the first request. */
  function ensure(): Promise<void> {
    pending ??= load()
    return pending
  }

  async function load() {
    const isLoaded = await guarded(async () => {
      users.value = (await readJson(usePortalStore().client().api.app.users.$get({ query: {} }))).users
    })
    // A failed load is tried again by the next ensure().
    if (!isLoaded) pending = null
  }

  /** The person's name, or `#id` while unknown. */
  function nameOf(id: number): string {
    return byId.value.get(id)?.name ?? `#${id}`
  }

  return { users, isLoading, error, ensure, nameOf }
})
