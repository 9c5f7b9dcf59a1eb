/**
 * @module The Automation page's data (`/api/app/automation/*`, admins only): the rules with what each did, and
 * the portal's pipelines, stages, lead statuses and sources for the editor's pickers.
 */
import { shallowRef } from 'vue'
import { readJson } from '../api/client.ts'
import type { AutomationRuleDto, AutomationRuleInput, CrmCatalogDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** The rules with `load`, `save` (create or replace) and `remove`. */
export function useAutomationRules() {
  const portal = usePortalStore()
  const rules = shallowRef<AutomationRuleDto[]>([])
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.automation.rules
  const reload = async () => void (rules.value = (await readJson(api().$get())).rules)

  /** Loads every rule of the portal. */
  const load = () => guarded(reload)

  /** Creates (without `id`) or replaces a rule, then reloads. */
  const save = (input: AutomationRuleInput, id?: string) =>
    guarded(async () => {
      if (id) await readJson(api()[':id'].$put({ param: { id }, json: input }))
      else await readJson(api().$post({ json: input }))
      await reload()
    })

  /** Deletes a rule. */
  const remove = (id: string) =>
    guarded(async () => {
      await readJson(api()[':id'].$delete({ param: { id } }))
      rules.value = rules.value.filter((rule) => rule.id !== id)
    })

  return { rules, isLoading, error, load, save, remove }
}

/** The portal's CRM catalog, read when the page opens. */
export function useCrmCatalog() {
  const portal = usePortalStore()
  const catalog = shallowRef<CrmCatalogDto | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const load = () =>
    guarded(async () => {
      catalog.value = (await readJson(portal.client().api.app['crm-catalog'].$get())).catalog
    })
  return { catalog, isLoading, error, load }
}
