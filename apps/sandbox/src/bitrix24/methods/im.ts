/**
 * @module `im.notify.system.add` and `im.notify.personal.add` (§5.9): `USER_ID` and `MESSAGE` required,
 * a `TAG` replaces the app's older notification with the same tag; the result is the notification id.
 */
import { formatB24Date } from '../b24-date.ts'
import type { Portal } from '../portal.ts'
import { nextId } from '../state.ts'
import { asInt, asText, param, type Params } from '../rest/params.ts'
import type { MethodDefinition, MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

function notify(portal: Portal, params: Params, type: 'system' | 'personal', fromUserId: number | null): number {
  const userId = asInt(param(params, 'USER_ID'))
  if (!userId) throw new RestError(400, 'USER_ID_EMPTY', 'Recipient ID not specified')
  const message = asText(param(params, 'MESSAGE')).trim()
  if (!message) throw new RestError(400, 'MESSAGE_EMPTY', 'Message text not specified')
  const attach = param(params, 'ATTACH') ?? null
  if (attach !== null && JSON.stringify(attach).length > 60_000) {
    throw new RestError(400, 'ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attachments')
  }
  const tag = asText(param(params, 'TAG')) || null
  if (tag) portal.state.notifications = portal.state.notifications.filter((n) => n.TAG !== tag)
  const id = nextId(portal.state, 'notification')
  portal.state.notifications.push({
    ID: id,
    USER_ID: userId,
    FROM_USER_ID: fromUserId,
    TYPE: type,
    MESSAGE: message,
    MESSAGE_OUT: asText(param(params, 'MESSAGE_OUT')) || null,
    TAG: tag,
    SUB_TAG: asText(param(params, 'SUB_TAG')) || null,
    ATTACH: attach,
    DATE_CREATE: formatB24Date(portal.now()),
  })
  return id
}

const system: MethodDefinition = {
  scope: 'im',
  handler: ({ portal, params }) => ({ result: notify(portal, params, 'system', null) }),
}
const personal: MethodDefinition = {
  scope: 'im',
  handler: ({ portal, params, user }) => ({ result: notify(portal, params, 'personal', user.ID) }),
}

/** The notification methods. */
export const imMethods: MethodTable = { 'im.notify.system.add': system, 'im.notify.personal.add': personal }
