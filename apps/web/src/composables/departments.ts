/** @module The portal's departments for role pickers (`GET /api/app/departments`), loaded once per page load. */
import { shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** A department as pickers show it. */
export interface DepartmentItem {
  id: number
  name: string
}

const departments = shallowRef<DepartmentItem[]>([])
let pending: Promise<void> | null = null

/** The departments (loaded on first use; a failed load is tried again next time) with the load's state. */
export function useDepartments() {
  const { isLoading, error, guarded } = useRequestState()
  pending ??= guarded(async () => {
    departments.value = (await readJson(usePortalStore().client().api.app.departments.$get())).departments
  }).then((isLoaded) => {
    if (!isLoaded) pending = null
  })
  const nameOf = (id: number) => departments.value.find((d) => d.id === id)?.name ?? `#${id}`
  return { departments, isLoading, error, nameOf }
}
