/** @module The portal's people (`GET /api/app/users`), loaded once and shared by every page that shows names. */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import type { PortalUser } from '../api/types.ts'
import { usePortalStore } from './portal.ts'
import { toError } from '../composables/request-state.ts'

/** The people store: `ensure()` loads them once; `nameOf(id)` falls back to `#id`. */
export const useUsersStore = defineStore('users', () => {
  const users = shallowRef<PortalUser[]>([])
  const isLoading = ref(false)
  const error = ref<Error | null>(null)
  let pending: Promise<void> | null = null
  const byId = computed(() => new Map(users.value.map((u) => [u.id, u])))

  /** Loads the people once; later calls share the first request. */
  function ensure(): Promise<void> {
    pending ??= load()
    return pending
  }

  async function load() {
    isLoading.value = true
    try {
      users.value = (await readJson(usePortalStore().client().api.app.users.$get({ query: {} }))).users
    } catch (caught) {
      error.value = toError(caught)
      pending = null
    } finally {
      isLoading.value = false
    }
  }

  /** The person's name, or `#id` while unknown. */
  function nameOf(id: number): string {
    return byId.value.get(id)?.name ?? `#${id}`
  }

  return { users, isLoading, error, ensure, nameOf }
})
