/**
 * @module The Approvals page's list state: filters and sort live in the route query (`#/approvals?status=…`), so
 * a reload, the back button or a shared link shows the same list; plus the portal's CRM picker for the subject.
 */
import { refDebounced } from '@vueuse/core'
import { ref, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import { usePortalStore } from '../stores/portal.ts'
import { listChoices, queryStringsOf, type ApprovalListQuery } from './approval-list.ts'
import { recordIdOf } from './subject.ts'

/** The page size of the Approvals page. */
export const approvalsPageSize = 25

function one(value: LocationQuery[string] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : undefined
}

function pick<K extends keyof typeof listChoices>(query: LocationQuery, key: K) {
  const value = one(query[key])
  const values: readonly string[] = listChoices[key]
  return values.includes(value ?? '') ? (value as (typeof listChoices)[K][number]) : undefined
}

const instant = (value: string | undefined) => (value && !Number.isNaN(Date.parse(value)) ? value : undefined)

/**
 * Reads the list filters from a route query. Unknown or malformed values are left out (a hand-edited link never
 * breaks the page), and so is a subject id without its kind.
 */
export function listQueryFromRoute(query: LocationQuery): ApprovalListQuery {
  const subjectKind = pick(query, 'subjectKind')
  const parsed: ApprovalListQuery = {
    role: pick(query, 'role'),
    status: pick(query, 'status'),
    sort: pick(query, 'sort'),
    templateId: one(query.templateId),
    q: one(query.q),
    from: instant(one(query.from)),
    to: instant(one(query.to)),
    subjectKind,
    subjectId: subjectKind && recordIdOf(one(query.subjectId)),
  }
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined))
}

/** The route query of `query`: every set filter as a string, without the page size. */
export function routeQueryOf(query: ApprovalListQuery): Record<string, string> {
  return queryStringsOf({ ...query, limit: undefined })
}

const sameQuery = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort())

/**
 * The page's filters (`query`, bound to the filter bar), the same filters 300 ms after the last change (`applied`,
 * what the list loads and the URL shows), and the CRM picker. The role defaults to all approvals for portal
 * administrators and auditors, and to "I approve" for everyone else (department heads may choose all they may see).
 */
export function useApprovalsPageQuery() {
  const portal = usePortalStore()
  const route = useRoute()
  const router = useRouter()
  const fromRoute = (): ApprovalListQuery => {
    const parsed = listQueryFromRoute(route.query)
    const role = parsed.role === 'all' && portal.reach === 'none' ? undefined : parsed.role
    return { ...parsed, role: role ?? (portal.reach === 'all' ? 'all' : 'approver'), limit: approvalsPageSize }
  }
  const query = ref<ApprovalListQuery>(fromRoute())
  const applied = refDebounced(query, 300)

  watch(applied, (value) => {
    if (!sameQuery(routeQueryOf(value), routeQueryOf(fromRoute()))) void router.replace({ query: routeQueryOf(value) })
  })
  watch(
    () => route.query,
    () => {
      if (!sameQuery(routeQueryOf(fromRoute()), routeQueryOf(query.value))) query.value = fromRoute()
    },
  )

  /** Sets the subject filter from the portal's CRM picker (`selectCRM`); a cancelled picker changes nothing. */
  async function pickSubject() {
    const picked = await portal.frame?.selectCrmItem()
    if (picked) query.value = { ...query.value, subjectKind: picked.kind, subjectId: picked.id }
  }

  return { query, applied, canPickSubject: () => portal.frame !== null, pickSubject }
}
