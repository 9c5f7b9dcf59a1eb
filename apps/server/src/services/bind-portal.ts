/**
 * @module The event handlers and placements the app binds in every portal, bound idempotently: what
 * `event.get` / `placement.get` already list is left alone, so re-running install never duplicates anything.
 * @see https://apidocs.bitrix24.com/api-reference/events/event-bind.html
 * @see https://apidocs.bitrix24.com/api-reference/widgets/placement-bind.html
 */
import { bitrix24ErrorCode, resultOf, type Portal } from '../ports/portal.ts'

/** Events the app listens to (issue #6). */
export const boundEvents = [
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMLEADADD',
  'ONTASKUPDATE',
  'ONUSERADD',
  'ONAPPUNINSTALL',
] as const

/** CRM card tabs the app shows in (issue #6). */
export const boundPlacements = ['CRM_DEAL_DETAIL_TAB', 'CRM_LEAD_DETAIL_TAB'] as const

/** The handler URLs, made from `APP_URL`. */
export function handlerUrls(appUrl: string): { events: string; app: string } {
  return { events: `${appUrl}/api/b24/events`, app: `${appUrl}/api/b24/app` }
}

interface EventBinding {
  event: string
  handler: string
}
interface PlacementBinding {
  placement: string
  handler: string
}

/** "Already bound" answers count as success (the code differs between sources, protocol §4.1). */
function isAlreadyBound(error: unknown): boolean {
  const code = bitrix24ErrorCode(error) ?? ''
  const text = String((error as { details?: { description?: unknown } }).details?.description ?? '')
  return /EXIST/i.test(code) || /already|unable to set event handler/i.test(text)
}

async function bindOnce(portal: Portal, method: string, params: Record<string, unknown>): Promise<void> {
  await portal.call(method, params).catch((error: unknown) => {
    if (!isAlreadyBound(error)) throw error
  })
}

/** What {@link bindPortal} did: the bindings it added (empty when everything was in place). */
export interface BindReport {
  addedEvents: string[]
  addedPlacements: string[]
}

/**
 * Binds the app's events to `/api/b24/events` and its placements to `/api/b24/app`, skipping those already
 * bound. Needs an admin's or the app's token.
 * @throws the Portal's errors (AuthError, PermissionError, RateLimitedError, UpstreamError, ValidationError).
 */
export async function bindPortal(portal: Portal, appUrl: string): Promise<BindReport> {
  const urls = handlerUrls(appUrl)
  const current = await portal.batch<unknown>({ events: ['event.get'], placements: ['placement.get'] })
  const listed = (key: string) => {
    const result = resultOf(current[key]!)
    return Array.isArray(result) ? result : []
  }
  const events = listed('events') as EventBinding[]
  const placements = listed('placements') as PlacementBinding[]
  const addedEvents = boundEvents.filter(
    (code) => !events.some((e) => e.event.toUpperCase() === code && e.handler === urls.events),
  )
  const addedPlacements = boundPlacements.filter(
    (code) => !placements.some((p) => p.placement === code && p.handler === urls.app),
  )
  for (const event of addedEvents) await bindOnce(portal, 'event.bind', { event, handler: urls.events })
  for (const placement of addedPlacements) {
    const title = { en: { TITLE: 'Approvals' }, ru: { TITLE: 'Согласования' } }
    await bindOnce(portal, 'placement.bind', {
      PLACEMENT: placement,
      HANDLER: urls.app,
      TITLE: 'Approvals',
      LANG_ALL: title,
    })
  }
  return { addedEvents, addedPlacements }
}
