/**
 * @module The event handlers and placements the app binds in every portal, bound idempotently (what is bound
 * already is left alone, so re-running install never duplicates anything).
 */
import type { BindReport, Portal } from '../ports/portal.ts'
import { crmEventCodes } from './crm-events/offline-backstop.ts'

/**
 * Events the app listens to: deals and leads for rules (added, updated, deleted), tasks, new users, and its own
 * uninstall.
 */
export const boundEvents = [
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMDEALDELETE',
  'ONCRMLEADADD',
  'ONCRMLEADUPDATE',
  'ONCRMLEADDELETE',
  'ONTASKUPDATE',
  'ONUSERADD',
  'ONAPPUNINSTALL',
] as const

/**
 * The same CRM events bound as offline events too: the portal keeps the latest change of each deal and lead in its
 * offline queue, which the cron tick drains — the backstop for online deliveries that never arrived.
 */
export const boundOfflineEvents = Object.keys(crmEventCodes)

/** CRM card tabs the app shows in. */
export const boundPlacements = ['CRM_DEAL_DETAIL_TAB', 'CRM_LEAD_DETAIL_TAB'] as const

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
    ...{ events: boundEvents, eventHandler: urls.events, offlineEvents: boundOfflineEvents },
    ...{ placements: boundPlacements, placementHandler: urls.app },
    placementTitle: { en: 'Approvals', ru: 'Согласования' },
  })
}
