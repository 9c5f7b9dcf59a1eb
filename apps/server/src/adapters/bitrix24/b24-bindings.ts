/**
 * @module The bindings facet of the Portal adapter: event handlers (`event.bind`), offline events (`event.bind`
 * with `event_type=offline`, no handler) and placements (`placement.bind`), bound idempotently: what `event.get` /
 * `placement.get` already list is left alone.
 * @see https://apidocs.bitrix24.com/api-reference/events/offline-events.html
 * @see https://apidocs.bitrix24.com/api-reference/events/event-bind.html
 * @see https://apidocs.bitrix24.com/api-reference/widgets/placement-bind.html
 */
import type { Bindings, BindingRequest } from '../../ports/portal.ts'
import { bitrix24ErrorCode, resultOf, type RestClient } from './b24-rest.ts'

interface EventBinding {
  event: string
  handler: string
  /** `1` (or `"1"`) for an offline binding. */
  offline?: number | string
}

const isOffline = (binding: EventBinding) => String(binding.offline ?? '0') === '1'
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

async function bindOnce(rest: RestClient, method: string, params: Record<string, unknown>): Promise<void> {
  await rest.call(method, params).catch((error: unknown) => {
    if (!isAlreadyBound(error)) throw error
  })
}

async function bound(rest: RestClient) {
  const current = await rest.batch<unknown>({ events: ['event.get'], placements: ['placement.get'] })
  const listed = (key: string) => {
    const result = resultOf(current[key]!)
    return Array.isArray(result) ? result : []
  }
  return { events: listed('events') as EventBinding[], placements: listed('placements') as PlacementBinding[] }
}

/** The {@link Bindings} facet over one portal's REST pipe. */
export function createB24Bindings(rest: RestClient): Bindings {
  return {
    async ensure(request: BindingRequest) {
      const current = await bound(rest)
      const addedEvents = request.events.filter(
        (code) =>
          !current.events.some(
            (e) => !isOffline(e) && e.event.toUpperCase() === code && e.handler === request.eventHandler,
          ),
      )
      const addedOfflineEvents = (request.offlineEvents ?? []).filter(
        (code) => !current.events.some((e) => isOffline(e) && e.event.toUpperCase() === code),
      )
      const addedPlacements = request.placements.filter(
        (code) => !current.placements.some((p) => p.placement === code && p.handler === request.placementHandler),
      )
      for (const event of addedEvents) await bindOnce(rest, 'event.bind', { event, handler: request.eventHandler })
      for (const event of addedOfflineEvents) await bindOnce(rest, 'event.bind', { event, event_type: 'offline' })
      const { en, ru } = request.placementTitle
      for (const placement of addedPlacements) {
        await bindOnce(rest, 'placement.bind', {
          ...{ PLACEMENT: placement, HANDLER: request.placementHandler, TITLE: en },
          LANG_ALL: { en: { TITLE: en }, ru: { TITLE: ru } },
        })
      }
      return { addedEvents, addedOfflineEvents, addedPlacements }
    },
  }
}
