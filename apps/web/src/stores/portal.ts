/**
 * @module The session shared by every page: the Bitrix24 frame, the API client and who is signed in
 * (`GET /api/app/me`).
 */
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { createApiClient, readJson, type ApiClient } from '../api/client.ts'
import type { Me } from '../api/types.ts'
import type { PortalFrame } from '../b24/frame.ts'
import { useRequestState } from '../composables/request-state.ts'

/** The portal session store: `connect()` once at start, then `frame`, `api` and `me` are set. */
export const usePortalStore = defineStore('portal', () => {
  const frame = shallowRef<PortalFrame | null>(null)
  const api = shallowRef<ApiClient | null>(null)
  const me = ref<Me | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const isAdmin = computed(() => me.value?.user.isAdmin ?? frame.value?.isAdmin ?? false)
  /** Which approvals beyond their own the user may list: all (admins, auditors), their departments', or none. */
  const reach = computed(() => me.value?.user.reach ?? (isAdmin.value ? 'all' : 'none'))

  /** Remembers the frame (the install page needs nothing more). */
  function attach(connected: PortalFrame) {
    frame.value = markRaw(connected)
  }

  /** Remembers the frame, creates the API client for this origin and loads `me`. */
  async function connect(connected: PortalFrame, options: { baseUrl: string; fetch?: typeof fetch }) {
    attach(connected)
    api.value = markRaw(createApiClient(connected, options))
    await loadMe()
  }

  /** (Re)loads who is signed in. */
  async function loadMe() {
    const client = api.value
    if (!client) return
    await guarded(async () => (me.value = await readJson(client.api.app.me.$get())))
  }

  /** The API client; throws when used before `connect()` (a programming error). */
  function client(): ApiClient {
    if (!api.value) throw new Error('usePortalStore().connect() has not run')
    return api.value
  }

  return { frame, api, me, isLoading, error, isAdmin, reach, attach, connect, loadMe, client }
})
