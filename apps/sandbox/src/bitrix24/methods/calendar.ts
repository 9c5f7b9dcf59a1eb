/**
 * @module Calendar: `calendar.event.add` for a user's own calendar (the fields availability needs) and
 * `calendar.accessibility.get`, which answers per user the events that make them busy or absent in a period.
 * @see https://apidocs.bitrix24.com/api-reference/calendar/calendar-event/calendar-event-add.html
 * @see https://apidocs.bitrix24.com/api-reference/calendar/calendar-event/calendar-accessibility-get.html
 */
import type { Portal } from '../portal.ts'
import { nextId, type CalendarEventRecord } from '../state.ts'
import { asInt, asList, asText, isYes, param, type Params } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

const accessibilities = ['busy', 'absent', 'quest', 'free']

function required(params: Params, name: string, method: string): unknown {
  const value = param(params, name)
  if (value === undefined || value === null || value === '') {
    throw new RestError(400, '', `The required parameter "${name}" for the method "${method}" is not set`)
  }
  return value
}

/** Seconds of a date (`YYYY-MM-DD`, the whole day when `skip_time`) or a date-time with an offset. */
function seconds(value: unknown, isEnd: boolean, skipTime: boolean): number {
  const text = asText(value)
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(text)
  const ms = Date.parse(dayOnly ? `${text}T00:00:00Z` : text)
  if (!Number.isFinite(ms)) throw new RestError(400, '', `Invalid date "${text}"`)
  const endOfDay = isEnd && (dayOnly || skipTime) ? 86_400_000 - 1000 : 0
  return Math.floor((ms + endOfDay) / 1000)
}

function addEvent(portal: Portal, params: Params): number {
  const method = 'calendar.event.add'
  for (const name of ['type', 'ownerId', 'name', 'from', 'to', 'section']) required(params, name, method)
  if (asText(param(params, 'type')) !== 'user') throw new RestError(400, '', 'Only user calendars are emulated')
  const skipTime = isYes(param(params, 'skip_time'))
  const accessibility = asText(param(params, 'accessibility')) || 'busy'
  if (!accessibilities.includes(accessibility)) throw new RestError(400, '', 'Invalid accessibility')
  const record: CalendarEventRecord = {
    ID: nextId(portal.state, 'calendar-event'),
    OWNER_ID: asInt(param(params, 'ownerId')),
    NAME: asText(param(params, 'name')),
    FROM_TS: seconds(param(params, 'from'), false, skipTime),
    TO_TS: seconds(param(params, 'to'), true, skipTime),
    SKIP_TIME: skipTime,
    ACCESSIBILITY: accessibility,
  }
  ;(portal.state.calendarEvents ??= []).push(record)
  return record.ID
}

function toWire(event: CalendarEventRecord): Record<string, unknown> {
  return {
    ID: String(event.ID),
    NAME: event.NAME,
    DATE_FROM_TS_UTC: String(event.FROM_TS),
    DATE_TO_TS_UTC: String(event.TO_TS),
    DT_SKIP_TIME: event.SKIP_TIME ? 'Y' : 'N',
    ACCESSIBILITY: event.ACCESSIBILITY,
    IMPORTANCE: 'normal',
  }
}

function accessibility(portal: Portal, params: Params): Record<string, unknown[]> {
  const method = 'calendar.accessibility.get'
  const users = asList(required(params, 'users', method)).map((id) => asInt(id))
  const from = seconds(required(params, 'from', method), false, true)
  const to = seconds(required(params, 'to', method), true, true)
  const events = portal.state.calendarEvents ?? []
  return Object.fromEntries(
    users.map((userId) => [
      String(userId),
      events
        .filter((e) => e.OWNER_ID === userId && e.ACCESSIBILITY !== 'free' && e.FROM_TS <= to && e.TO_TS >= from)
        .map(toWire),
    ]),
  )
}

/** The calendar methods. */
export const calendarMethods: MethodTable = {
  'calendar.event.add': { scope: 'calendar', handler: ({ portal, params }) => ({ result: addEvent(portal, params) }) },
  'calendar.accessibility.get': {
    scope: 'calendar',
    handler: ({ portal, params }) => ({ result: accessibility(portal, params) }),
  },
}
