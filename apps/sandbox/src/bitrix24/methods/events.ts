/**
 * @module `event.bind/unbind/get` (§4.1) and `event.offline.get/list/clear` (§4.6).
 */
import { randomBytes } from 'node:crypto'
import { nextId, type OfflineEventRecord } from '../state.ts'
import { applyFilter, applyOrder } from '../rest/list.ts'
import { asInt, asList, asRecord, asText, isYes, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError, accessDenied } from '../rest/rest-error.ts'

/** Events an application may bind in the sandbox. */
export const KNOWN_EVENTS = new Set([
  'ONAPPINSTALL',
  'ONAPPUNINSTALL',
  'ONAPPUPDATE',
  'ONOFFLINEEVENT',
  'ONCRMDEALADD',
  'ONCRMDEALUPDATE',
  'ONCRMDEALDELETE',
  'ONCRMLEADADD',
  'ONCRMLEADUPDATE',
  'ONCRMLEADDELETE',
  'ONTASKADD',
  'ONTASKUPDATE',
  'ONTASKDELETE',
  'ONTASKCOMMENTADD',
  'ONUSERADD',
])

function offlineWire(e: OfflineEventRecord): Record<string, unknown> {
  return {
    ID: String(e.ID),
    TIMESTAMP_X: e.TIMESTAMP_X,
    EVENT_NAME: e.EVENT_NAME,
    EVENT_DATA: e.EVENT_DATA,
    EVENT_ADDITIONAL: e.EVENT_ADDITIONAL,
    MESSAGE_ID: e.MESSAGE_ID,
  }
}

/** The event methods. */
export const eventMethods: MethodTable = {
  'event.bind': {
    scope: null,
    appOnly: true,
    handler: ({ portal, params, user }) => {
      const event = asText(param(params, 'event')).toUpperCase()
      if (!KNOWN_EVENTS.has(event)) throw new RestError(400, 'ERROR_EVENT_NOT_FOUND', 'Event not found')
      const offline = asText(param(params, 'event_type')).toLowerCase() === 'offline'
      const handler = asText(param(params, 'handler'))
      const authType = asInt(param(params, 'auth_type'), 0)
      if (offline && !user.IS_ADMIN)
        throw accessDenied('Access denied! Offline events binding requires administrator access rights')
      if (authType > 0 && authType !== user.ID && !user.IS_ADMIN) {
        throw accessDenied('Access denied! Event binding with AUTH_TYPE requires administrator access rights')
      }
      if (!offline && !/^https?:\/\//.test(handler)) throw new RestError(400, 'ERROR_HANDLER_URL', 'Wrong handler URL')
      const bindings = portal.state.eventBindings
      if (
        bindings.some(
          (b) => b.event === event && b.handler === handler && b.offline === offline && b.authType === authType,
        )
      ) {
        throw new RestError(400, 'ERROR_EVENT_BINDING_EXISTS', 'Unable to set event handler: Handler already binded')
      }
      const options = asRecord(param(params, 'options'))
      const authConnector = asText(param(params, 'auth_connector'))
      bindings.push({
        id: nextId(portal.state, 'eventBinding'),
        event,
        handler: offline ? '' : handler,
        authType,
        offline,
        authConnector,
        options,
      })
      return { result: true }
    },
  },
  'event.unbind': {
    scope: null,
    appOnly: true,
    handler: ({ portal, params }) => {
      const event = asText(param(params, 'event')).toUpperCase()
      const handler = asText(param(params, 'handler'))
      const offline = asText(param(params, 'event_type')).toLowerCase() === 'offline'
      const authType = param(params, 'auth_type')
      const before = portal.state.eventBindings.length
      portal.state.eventBindings = portal.state.eventBindings.filter(
        (b) =>
          !(
            b.event === event &&
            b.offline === offline &&
            (offline || b.handler === handler) &&
            (authType === undefined || b.authType === asInt(authType, 0))
          ),
      )
      return { result: { count: before - portal.state.eventBindings.length } }
    },
  },
  'event.get': {
    scope: null,
    appOnly: true,
    handler: ({ portal }) => ({
      result: portal.state.eventBindings.map((b) => ({
        event: b.event,
        handler: b.handler,
        auth_type: String(b.authType),
        offline: b.offline ? 1 : 0,
      })),
    }),
  },
  'event.offline.get': {
    scope: null,
    appOnly: true,
    adminOnly: true,
    handler: ({ portal, params }) => {
      const free = portal.state.offlineEvents.filter((e) => !e.processId && e.error === isYes(param(params, 'error')))
      const rows = applyOrder(
        applyFilter(
          free.map((e) => ({ ...e })),
          param(params, 'filter'),
        ),
        param(params, 'order') ?? { TIMESTAMP_X: 'ASC' },
      )
      const picked = rows.slice(0, asInt(param(params, 'limit'), 50))
      const ids = new Set(picked.map((e) => e.ID))
      const clear = param(params, 'clear') === undefined ? true : isYes(param(params, 'clear'))
      if (clear) {
        portal.state.offlineEvents = portal.state.offlineEvents.filter((e) => !ids.has(e.ID))
        return { result: { process_id: null, events: picked.map(offlineWire) } }
      }
      const processId = asText(param(params, 'process_id')) || randomBytes(16).toString('hex')
      for (const e of portal.state.offlineEvents) if (ids.has(e.ID)) e.processId = processId
      return { result: { process_id: processId, events: picked.map(offlineWire) } }
    },
  },
  'event.offline.list': {
    scope: null,
    appOnly: true,
    adminOnly: true,
    handler: ({ portal, params }) => {
      const rows = applyFilter(
        portal.state.offlineEvents.map((e) => ({
          ...offlineWire(e),
          PROCESS_ID: e.processId ?? '',
          ERROR: e.error ? '1' : '0',
        })),
        param(params, 'filter'),
      )
      return { result: rows }
    },
  },
  'event.offline.clear': {
    scope: null,
    appOnly: true,
    adminOnly: true,
    handler: ({ portal, params }) => {
      const processId = asText(param(params, 'process_id'))
      if (!processId) throw new RestError(400, 'ERROR_ARGUMENT', 'Argument process_id is required')
      const ids = new Set(asList(param(params, 'id')).map(String))
      const messageIds = new Set(asList(param(params, 'message_id')).map(String))
      const selected = (e: OfflineEventRecord) =>
        e.processId === processId &&
        (ids.size === 0 || ids.has(String(e.ID))) &&
        (messageIds.size === 0 || messageIds.has(e.MESSAGE_ID))
      portal.state.offlineEvents = portal.state.offlineEvents.filter((e) => !selected(e))
      return { result: true }
    },
  },
}
