/** @module Approval templates (`/api/app/templates`): list for everyone, create / edit / delete for admins. */
import { shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import type { TemplateDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** What a template form sends. */
export type TemplateInput = Pick<
  TemplateDto,
  'name' | 'description' | 'commentPolicy' | 'isSendBackAllowed' | 'stages' | 'reminders'
>

/** The templates with `load`, `save` (create or update) and `remove`. */
export function useTemplates() {
  const portal = usePortalStore()
  const templates = shallowRef<TemplateDto[]>([])
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.templates

  /** Loads every template of the portal. */
  const load = () =>
    guarded(async () => {
      templates.value = (await readJson(api().$get())).templates
    })

  /** Creates (without `id`) or updates a template, then reloads. */
  const save = (input: TemplateInput, id?: string) =>
    guarded(async () => {
      if (id) await readJson(api()[':id'].$put({ param: { id }, json: input }))
      else await readJson(api().$post({ json: input }))
      templates.value = (await readJson(api().$get())).templates
    })

  /** Deletes a template, then reloads. */
  const remove = (id: string) =>
    guarded(async () => {
      await readJson(api()[':id'].$delete({ param: { id } }))
      templates.value = templates.value.filter((t) => t.id !== id)
    })

  return { templates, isLoading, error, load, save, remove }
}
