/**
 * @module Which SPA route a Bitrix24 placement opens: a CRM card tab (`CRM_DEAL_DETAIL_TAB`,
 * `CRM_LEAD_DETAIL_TAB`) its deal's or lead's approvals; a `REST_APP_URI` link from a task, comment, timeline
 * entry, notification or Telegram card (`/marketplace/view/<APP_CODE>/?params[approval]=<id>`) that approval.
 */

const crmTabs: Record<string, 'deal' | 'lead'> = { CRM_DEAL_DETAIL_TAB: 'deal', CRM_LEAD_DETAIL_TAB: 'lead' }

/** What an approval id looks like (the server's `approvalIdParam`). */
const approvalId = /^[0-9A-Za-z]{1,40}$/

/** The route for `placement` with its `PLACEMENT_OPTIONS`, or null to keep the current route. */
export function startRouteOf(placement: string, options: Record<string, unknown>): string | null {
  if (placement === 'REST_APP_URI') {
    const id = options.approval
    return typeof id === 'string' && approvalId.test(id) ? `/approvals/${id}` : null
  }
  const kind = crmTabs[placement]
  const id = Number(options.ID)
  if (kind && Number.isInteger(id) && id > 0) return `/crm/${kind}/${id}`
  return null
}
