/** @module Which SPA route a Bitrix24 placement opens (`CRM_DEAL_DETAIL_TAB`, `CRM_LEAD_DETAIL_TAB`). */

const crmTabs: Record<string, 'deal' | 'lead'> = { CRM_DEAL_DETAIL_TAB: 'deal', CRM_LEAD_DETAIL_TAB: 'lead' }

/** The route for `placement` with its `PLACEMENT_OPTIONS`, or null to keep the current route. */
export function startRouteOf(placement: string, options: Record<string, unknown>): string | null {
  const kind = crmTabs[placement]
  const id = Number(options.ID)
  if (kind && Number.isInteger(id) && id > 0) return `/crm/${kind}/${id}`
  return null
}
