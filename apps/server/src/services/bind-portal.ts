/**
 * @module The event handlers and placements the app binds in every portal, bound idempotently (what is bound
 * already is left alone, so re-running install never duplicates anything).
 */
import type { BindReport, Portal } from '../ports/portal.ts'

/** Events the app listens to: deals and leads for rules, tasks, new users, and its own uninstall. */
export const boundEvents = [
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMLEADADD',
  'ONTASKUPDATE',
  'ONUSERADD',
  'ONAPPUNINSTALL',
] as const

/**
 * Where the app shows in the portal: the CRM card tabs, and `REST_APP_URI`, which opens the app in a slider from
 * a `/marketplace/view/<APP_CODE>/?params[…]` link in any Bitrix24 text (b24restdocs
 * `api-reference/widgets/universal/app-url.md`; see `approvals/approval-links.ts`).
 */
export const boundPlacements = ['CRM_DEAL_DETAIL_TAB', 'CRM_LEAD_DETAIL_TAB', 'REST_APP_URI'] as const

/** The handler URLs, made from `APP_URL`. */
export function handlerUrls(appUrl: string): { events: string; app: string } {
  return { events: `${appUrl}/api/b24/events`, app: `${appUrl}/api/b24/app` }
}

/**
 * Binds the app's events to `/api/b24/events` and its placements (tab "Approvals") to `/api/b24/app`, skipping
 * those already bound. Needs an admin's or the app's token.
 * @throws the Portal port's errors (AuthError, PermissionError, RateLimitedError, UpstreamError, ValidationError).
 */
export async function bindPortal(portal: Portal, appUrl: string): Promise<BindReport> {
  const urls = handlerUrls(appUrl)
  return portal.bindings.ensure({
    ...{ events: boundEvents, eventHandler: urls.events },
    ...{ placements: boundPlacements, placementHandler: urls.app },
    placementTitle: { en: 'Approvals', ru: 'Согласования' },
  })
}
