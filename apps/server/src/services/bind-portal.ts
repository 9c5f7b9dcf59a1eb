/**
 * @module The event handlers, placements, robot and business-process action the app binds in every portal,
 * idempotently (what is bound already is left alone or kept current, so re-running install duplicates nothing).
 */
import type { AutomationReport, BindReport, Portal } from '../ports/portal.ts'
import { crmEventCodes } from './crm-events/offline-backstop.ts'
import { automationRequest } from './robot/robot-action.ts'

/**
 * Events the app listens to: deals and leads for rules (added, updated, deleted), approvers' tasks (changed,
 * deleted), new users, and its own uninstall.
 */
export const boundEvents = [
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMDEALDELETE',
  'ONCRMLEADADD',
  'ONCRMLEADUPDATE',
  'ONCRMLEADDELETE',
  'ONTASKUPDATE',
  'ONTASKDELETE',
  'ONUSERADD',
  'ONAPPUNINSTALL',
] as const

/**
 * The same CRM events bound as offline events too: the portal keeps the latest change of each deal and lead in its
 * offline queue, which the cron tick drains — the backstop for online deliveries that never arrived.
 */
export const boundOfflineEvents = Object.keys(crmEventCodes)

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

/** What binding did: events and placements added, robots and business-process actions added or updated. */
export type PortalBindings = BindReport & { automation: AutomationReport }

/**
 * Binds the app's events to `/api/b24/events` and its placements (tab "Approvals") to `/api/b24/app`, skipping
 * those already bound, then registers or updates its robot and business-process action (`/api/b24/robot`).
 * Needs an admin's or the app's token.
 * @throws the Portal port's errors (AuthError, PermissionError, RateLimitedError, UpstreamError, ValidationError).
 */
export async function bindPortal(portal: Portal, appUrl: string): Promise<PortalBindings> {
  const urls = handlerUrls(appUrl)
  const report = await portal.bindings.ensure({
    ...{ events: boundEvents, eventHandler: urls.events, offlineEvents: boundOfflineEvents },
    ...{ placements: boundPlacements, placementHandler: urls.app },
    placementTitle: { en: 'Approvals', ru: 'Согласования' },
  })
  return { ...report, automation: await portal.automation.ensure(automationRequest(appUrl)) }
}
