/**
 * @module The Websites page's workflows (issue 20): the portal's sites (`/api/app/sites`: list, add, edit,
 * remove), the form being edited, and the delivery log of received leads (`/api/app/leads`) with the retry of one.
 */
import { ref, shallowRef } from 'vue'
import { defaultLeadTitleTemplate, type SiteInput } from '../../../server/src/domain/leads/lead-site.ts'
import { readJson } from '../api/client.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

type AppApi = ReturnType<ReturnType<typeof usePortalStore>['client']>['api']['app']
/** A site as the API returns it. */
export type SiteDto = Awaited<ReturnType<Awaited<ReturnType<AppApi['sites']['$get']>>['json']>>['sites'][number]
/** One line of the delivery log. */
export type LeadLogEntry = Awaited<ReturnType<Awaited<ReturnType<AppApi['leads']['$get']>>['json']>>['entries'][number]

/** The form of a site: the input with the origins as one text (one per line). */
export interface SiteForm extends Omit<SiteInput, 'origins'> {
  origins: string
}

/** An empty form (responsible: `userId`). */
export function emptySiteForm(userId: number): SiteForm {
  return {
    ...{ name: '', origins: '', assignedById: userId, sourceDescription: '' },
    ...{ titleTemplate: defaultLeadTitleTemplate, notifyUserIds: [], repeatCustomer: 'new-lead' },
  }
}

/** The form of an existing site. */
export function siteFormOf(site: SiteDto): SiteForm {
  const { key: _key, createdAt: _c, updatedAt: _u, origins, ...rest } = site
  return { ...rest, origins: origins.join('\n') }
}

/** The input the API takes from a form (origins split by lines, commas or spaces). */
export function siteInputOf(form: SiteForm): SiteInput {
  const origins = form.origins
    .split(/[\s,]+/)
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean)
  return { ...form, origins }
}

/** The sites with `load`, `save` (add or edit) and `remove`; `intakeUrl` is the base of every site's address. */
export function useSites() {
  const portal = usePortalStore()
  const sites = shallowRef<SiteDto[]>([])
  const intakeUrl = ref('')
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.sites

  const reload = async () => {
    const body = await readJson(api().$get())
    sites.value = body.sites
    intakeUrl.value = body.intakeUrl
  }
  const load = () => guarded(reload)
  const save = (form: SiteForm, key?: string) =>
    guarded(async () => {
      const json = siteInputOf(form)
      if (key) await readJson(api()[':key'].$put({ param: { key }, json }))
      else await readJson(api().$post({ json }))
      await reload()
    })
  const remove = (key: string) =>
    guarded(async () => {
      await readJson(api()[':key'].$delete({ param: { key } }))
      await reload()
    })
  return { sites, intakeUrl, isLoading, error, load, save, remove }
}

/** The delivery log, newest first, with `retry` of a lead not delivered yet. */
export function useLeadLog() {
  const portal = usePortalStore()
  const entries = shallowRef<LeadLogEntry[]>([])
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.leads

  const load = () => guarded(async () => void (entries.value = (await readJson(api().$get({ query: {} }))).entries))
  const retry = (receiptId: string) =>
    guarded(async () => {
      await readJson(api()[':receiptId'].retry.$post({ param: { receiptId } }))
      entries.value = (await readJson(api().$get({ query: {} }))).entries
    })
  return { entries, isLoading, error, load, retry }
}
