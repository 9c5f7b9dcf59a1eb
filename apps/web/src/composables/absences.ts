/** @module The caller's absences (`/api/app/absences`): list, set one with a deputy, remove one. */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { AbsenceDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** A new absence as the form holds it: first and last day (YYYY-MM-DD) and the deputy. */
export interface AbsenceForm {
  from: string
  to: string
  deputyId: number | null
}

/** Loads, adds and removes the caller's absences, with one loading flag and the last error. */
export function useAbsences() {
  const api = () => usePortalStore().client().api.app.absences
  const absences = ref<AbsenceDto[]>([])
  const { isLoading, error, guarded } = useRequestState()

  const load = () =>
    guarded(async () => {
      absences.value = (await readJson(api().$get())).absences
    })

  /** Sets the absence; true when saved (the list is then reloaded). */
  async function add(form: AbsenceForm): Promise<boolean> {
    const { from, to, deputyId } = form
    const isSaved = await guarded(async () => {
      await readJson(api().$post({ json: { from, to, deputyId: deputyId ?? 0 } }))
    })
    if (isSaved) await load()
    return isSaved
  }

  /** Removes absence `id`. */
  async function remove(id: string) {
    if (await guarded(() => readJson(api()[':id'].$delete({ param: { id } })))) await load()
  }

  void load()
  return { absences, isLoading, error, add, remove }
}
