/**
 * @module `placement.bind/unbind/get` (§5.15): administrator and application context only; errors
 * `ERROR_ARGUMENT` with `argument`, `EMPTY_ERROR_HANDLER_URL`.
 */
import { nextId } from '../state.ts'
import { asInt, asRecord, asText, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

/** Placement codes the sandbox shows (and accepts). */
export const KNOWN_PLACEMENTS = new Set([
  'CRM_DEAL_DETAIL_TAB',
  'CRM_LEAD_DETAIL_TAB',
  'CRM_CONTACT_DETAIL_TAB',
  'CRM_COMPANY_DETAIL_TAB',
  'TASK_VIEW_TAB',
  'TASK_VIEW_SIDEBAR',
  'LEFT_MENU',
  'REST_APP_URI',
  'CRM_DEAL_LIST_TOOLBAR',
  'CRM_LEAD_LIST_TOOLBAR',
  'PAGE_BACKGROUND_WORKER',
])

/** The placement methods. */
export const placementMethods: MethodTable = {
  'placement.bind': {
    scope: 'placement',
    appOnly: true,
    adminOnly: true,
    handler: ({ portal, params }) => {
      const code = asText(param(params, 'PLACEMENT')).toUpperCase()
      if (!KNOWN_PLACEMENTS.has(code)) {
        throw new RestError(400, 'ERROR_ARGUMENT', 'Wrong value of argument PLACEMENT', { argument: 'PLACEMENT' })
      }
      const handler = asText(param(params, 'HANDLER'))
      if (!handler) throw new RestError(400, 'EMPTY_ERROR_HANDLER_URL', 'Empty handler URL')
      const existing = portal.state.placements.find((p) => p.placement === code && p.handler === handler)
      if (existing) throw new RestError(400, 'ERROR_CORE', 'Unable to set placement handler: Handler already binded')
      portal.state.placements.push({
        id: nextId(portal.state, 'placement'),
        placement: code,
        handler,
        title: asText(param(params, 'TITLE')),
        description: asText(param(params, 'DESCRIPTION')),
        groupName: asText(param(params, 'GROUP_NAME')),
        langAll: asRecord(param(params, 'LANG_ALL')),
        options: asRecord(param(params, 'OPTIONS')),
        userId: asInt(param(params, 'USER_ID'), 0),
      })
      return { result: true }
    },
  },
  'placement.unbind': {
    scope: 'placement',
    appOnly: true,
    adminOnly: true,
    handler: ({ portal, params }) => {
      const code = asText(param(params, 'PLACEMENT')).toUpperCase()
      const handler = asText(param(params, 'HANDLER'))
      const before = portal.state.placements.length
      portal.state.placements = portal.state.placements.filter(
        (p) => !(p.placement === code && (!handler || p.handler === handler)),
      )
      return { result: { count: before - portal.state.placements.length } }
    },
  },
  'placement.get': {
    scope: 'placement',
    appOnly: true,
    handler: ({ portal }) => ({
      result: portal.state.placements.map((p) => ({
        placement: p.placement,
        userId: p.userId,
        handler: p.handler,
        options: Object.keys(p.options).length === 0 ? [] : p.options,
        title: p.title,
        description: p.description,
        langAll: Object.keys(p.langAll).length === 0 ? [] : p.langAll,
      })),
    }),
  },
}
