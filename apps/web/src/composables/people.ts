/**
 * @module The users page's workflows (admins): every portal user with their Telegram state, filtered by state and
 * department; invite, revoke a Telegram link, set the bot's language.
 */
import { ref, shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

type PeopleApi = ReturnType<ReturnType<typeof usePortalStore>['client']>['api']['app']['people']
/** One row of the users page. */
export type PersonRow = Awaited<ReturnType<Awaited<ReturnType<PeopleApi['$get']>>['json']>>['users'][number]
/** A Telegram state filter ('' = any). */
export type PersonState = PersonRow['telegramState'] | ''

/** Median decision time as hours with one decimal, or a dash. */
export function decisionHours(ms: number | null): string {
  return ms === null ? '—' : (ms / 3_600_000).toFixed(1)
}

/** The users page: `load()` with the filters, and the actions on one user (each reloads the list). */
export function usePeople() {
  const portal = usePortalStore()
  const users = shallowRef<PersonRow[]>([])
  const total = ref(0)
  const state = ref<PersonState>('')
  const departmentId = ref<number | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.people

  const query = () => ({
    ...(state.value ? { state: state.value } : {}),
    ...(departmentId.value ? { departmentId: String(departmentId.value) } : {}),
  })
  const fetchPage = async () => {
    const page = await readJson(api().$get({ query: query() }))
    users.value = page.users
    total.value = page.total
  }
  const load = () => guarded(fetchPage)
  const invite = (userId: number) =>
    guarded(async () => {
      await readJson(api()[':userId'].invitation.$post({ param: { userId: String(userId) } }))
      await fetchPage()
    })
  const revoke = (userId: number) =>
    guarded(async () => {
      await readJson(api()[':userId'].telegram.$delete({ param: { userId: String(userId) } }))
      await fetchPage()
    })
  const setLanguage = (userId: number, language: 'ru' | 'en' | null) =>
    guarded(async () => {
      await readJson(api()[':userId'].language.$put({ param: { userId: String(userId) }, json: { language } }))
      await fetchPage()
    })
  return { users, total, state, departmentId, isLoading, error, load, invite, revoke, setLanguage }
}
