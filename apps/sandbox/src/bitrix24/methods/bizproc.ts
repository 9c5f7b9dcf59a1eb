/**
 * @module `bizproc.robot.add/update/list/delete`, `bizproc.activity.add/update/list/delete` and `bizproc.event.send`
 * (the robot protocol looked up in the Bitrix24 REST docs; not in the reference).
 */
import { completeRun } from '../robots.ts'
import type { BizprocActivityRecord, PortalState } from '../state.ts'
import { asInt, asRecord, asText, param, type Params } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

/** `bizproc.robot.*` refuse webhooks this way (documented error table). */
const APP_CONTEXT = { status: 400, code: 'ACCESS_DENIED', description: 'Application context required' }

function validation(text: string): RestError {
  return new RestError(400, 'ERROR_ACTIVITY_VALIDATION_FAILURE', text)
}

function readCode(params: Params): string {
  const code = asText(param(params, 'CODE'))
  if (!code) throw validation('Empty activity code!')
  if (!/^[a-zA-Z0-9._-]+$/.test(code)) throw validation('Wrong activity code!')
  return code
}

function readHandler(value: unknown): string {
  const handler = asText(value)
  if (!/^https?:\/\//.test(handler)) throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL')
  return handler
}

/** `PROPERTIES` / `RETURN_PROPERTIES`: keys start with a letter (`a-zA-Z0-9_`), every property has a `Name`. */
function readProperties(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw validation('Wrong properties array!')
  for (const [key, property] of Object.entries(value)) {
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(key)) throw validation(`Wrong property key ${key}!`)
    if (!param(asRecord(property), 'Name')) throw validation(`Empty property NAME ${key}!`)
  }
  return value as Record<string, unknown>
}

function readActivity(params: Params): BizprocActivityRecord {
  const code = readCode(params)
  const handler = readHandler(param(params, 'HANDLER'))
  const name = param(params, 'NAME')
  if (!name) throw validation('Empty activity NAME!')
  return {
    CODE: code,
    HANDLER: handler,
    AUTH_USER_ID: asInt(param(params, 'AUTH_USER_ID'), 0),
    USE_SUBSCRIPTION: asText(param(params, 'USE_SUBSCRIPTION')),
    NAME: name,
    DESCRIPTION: param(params, 'DESCRIPTION') ?? '',
    PROPERTIES: readProperties(param(params, 'PROPERTIES')),
    RETURN_PROPERTIES: readProperties(param(params, 'RETURN_PROPERTIES')),
    DOCUMENT_TYPE: param(params, 'DOCUMENT_TYPE') ?? null,
    FILTER: param(params, 'FILTER') ?? null,
    USE_PLACEMENT: asText(param(params, 'USE_PLACEMENT')) || 'N',
    PLACEMENT_HANDLER: asText(param(params, 'PLACEMENT_HANDLER')),
  }
}

/** `*.update`: the `FIELDS` that are set replace the stored ones (the core's `updateActivityInternal`). */
function updatedActivity(current: BizprocActivityRecord, fields: Record<string, unknown>): BizprocActivityRecord {
  const next = { ...current }
  const has = (key: string) => param(fields, key) !== undefined
  if (has('HANDLER')) next.HANDLER = readHandler(param(fields, 'HANDLER'))
  if (has('AUTH_USER_ID')) next.AUTH_USER_ID = asInt(param(fields, 'AUTH_USER_ID'), 0)
  if (has('USE_SUBSCRIPTION')) next.USE_SUBSCRIPTION = asText(param(fields, 'USE_SUBSCRIPTION'))
  if (has('USE_PLACEMENT')) next.USE_PLACEMENT = asText(param(fields, 'USE_PLACEMENT')) === 'Y' ? 'Y' : 'N'
  if (param(fields, 'NAME')) next.NAME = param(fields, 'NAME')
  if (has('DESCRIPTION')) next.DESCRIPTION = param(fields, 'DESCRIPTION')
  if (has('PROPERTIES')) next.PROPERTIES = readProperties(param(fields, 'PROPERTIES'))
  if (has('RETURN_PROPERTIES')) next.RETURN_PROPERTIES = readProperties(param(fields, 'RETURN_PROPERTIES'))
  if (has('DOCUMENT_TYPE')) next.DOCUMENT_TYPE = param(fields, 'DOCUMENT_TYPE') || null
  if (has('FILTER')) next.FILTER = param(fields, 'FILTER') || null
  return next
}

function family(key: 'robots' | 'activities', label: string): MethodTable {
  const list = (s: PortalState) => s[key]
  return {
    [`bizproc.${label}.add`]: {
      scope: 'bizproc',
      appOnly: APP_CONTEXT,
      adminOnly: true,
      handler: ({ portal, params }) => {
        const record = readActivity(params)
        if (list(portal.state).some((r) => r.CODE === record.CODE)) {
          throw new RestError(400, 'ERROR_ACTIVITY_ALREADY_INSTALLED', 'Activity or Automation rule already installed!')
        }
        list(portal.state).push(record)
        return { result: true }
      },
    },
    [`bizproc.${label}.update`]: {
      scope: 'bizproc',
      appOnly: APP_CONTEXT,
      adminOnly: true,
      handler: ({ portal, params }) => {
        const code = readCode(params)
        const index = list(portal.state).findIndex((r) => r.CODE === code)
        if (index < 0) throw new RestError(400, 'ERROR_ACTIVITY_NOT_FOUND', 'Activity or Robot not found!')
        const fields = asRecord(param(params, 'FIELDS'))
        if (Object.keys(fields).length === 0) throw validation('No fields to update')
        list(portal.state)[index] = updatedActivity(list(portal.state)[index]!, fields)
        return { result: true }
      },
    },
    [`bizproc.${label}.list`]: {
      scope: 'bizproc',
      appOnly: APP_CONTEXT,
      adminOnly: true,
      handler: ({ portal }) => ({ result: list(portal.state).map((r) => r.CODE) }),
    },
    [`bizproc.${label}.delete`]: {
      scope: 'bizproc',
      appOnly: APP_CONTEXT,
      adminOnly: true,
      handler: ({ portal, params }) => {
        const code = readCode(params)
        if (!list(portal.state).some((r) => r.CODE === code))
          throw new RestError(400, 'ERROR_ACTIVITY_NOT_FOUND', 'Activity or Robot not found!')
        portal.state[key] = list(portal.state).filter((r) => r.CODE !== code)
        if (key === 'robots')
          portal.state.robotTriggers = portal.state.robotTriggers.filter((t) => t.robotCode !== code)
        return { result: true }
      },
    },
  }
}

/** The business-process methods. */
export const bizprocMethods: MethodTable = {
  ...family('robots', 'robot'),
  ...family('activities', 'activity'),
  'bizproc.event.send': {
    scope: 'bizproc',
    handler: ({ portal, params }) => {
      const token = asText(param(params, 'event_token'))
      const run = portal.state.robotRuns.find((r) => token !== '' && r.eventToken === token)
      // A token the portal did not issue fails its signature check (AccessException in the core).
      if (!run) throw new RestError(400, 'ACCESS_DENIED', 'Access denied!')
      if (run.status !== 'waiting')
        throw new RestError(400, 'ERROR_WRONG_WORKFLOW_ID', 'Workflow is not found or already completed')
      const log = asText(param(params, 'log_message')) || 'Received response from the application.'
      completeRun(portal, run, asRecord(param(params, 'return_values')), log)
      return { result: true }
    },
  },
}
