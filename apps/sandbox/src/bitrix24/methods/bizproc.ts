/**
 * @module `bizproc.robot.add/list/delete`, `bizproc.activity.add/list/delete` and `bizproc.event.send`
 * (the robot protocol looked up in the Bitrix24 REST docs; not in the reference).
 */
import { formatB24Date } from '../b24-date.ts'
import type { BizprocActivityRecord, PortalState } from '../state.ts'
import { asInt, asRecord, asText, param, type Params } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

/** `bizproc.robot.*` refuse webhooks this way (documented error table). */
const APP_CONTEXT = { status: 400, code: 'ACCESS_DENIED', description: 'Application context required' }

function validation(text: string): RestError {
  return new RestError(400, 'ERROR_ACTIVITY_VALIDATION_FAILURE', text)
}

function readActivity(params: Params): BizprocActivityRecord {
  const code = asText(param(params, 'CODE'))
  if (!code) throw validation('Empty activity code!')
  if (!/^[a-zA-Z0-9._-]+$/.test(code)) throw validation('Wrong activity code!')
  const handler = asText(param(params, 'HANDLER'))
  if (!/^https?:\/\//.test(handler)) throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL')
  const name = param(params, 'NAME')
  if (!name) throw validation('Empty activity NAME!')
  return {
    CODE: code,
    HANDLER: handler,
    AUTH_USER_ID: asInt(param(params, 'AUTH_USER_ID'), 0),
    USE_SUBSCRIPTION: asText(param(params, 'USE_SUBSCRIPTION')),
    NAME: name,
    DESCRIPTION: param(params, 'DESCRIPTION') ?? '',
    PROPERTIES: asRecord(param(params, 'PROPERTIES')),
    RETURN_PROPERTIES: asRecord(param(params, 'RETURN_PROPERTIES')),
    DOCUMENT_TYPE: param(params, 'DOCUMENT_TYPE') ?? null,
    FILTER: param(params, 'FILTER') ?? null,
    USE_PLACEMENT: asText(param(params, 'USE_PLACEMENT')) || 'N',
    PLACEMENT_HANDLER: asText(param(params, 'PLACEMENT_HANDLER')),
  }
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
        const code = asText(param(params, 'CODE'))
        if (!code) throw validation('Empty activity code!')
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
      const run = portal.state.robotRuns.find((r) => r.eventToken === token)
      if (!run) throw new RestError(400, 'ERROR_WRONG_WORKFLOW_ID', 'Workflow is not found or already completed')
      if (run.status !== 'waiting')
        throw new RestError(400, 'ERROR_WRONG_WORKFLOW_ID', 'Workflow is not found or already completed')
      run.status = 'completed'
      run.returnValues = asRecord(param(params, 'return_values'))
      run.logMessage = asText(param(params, 'log_message')) || 'Received response from the application.'
      run.completedAt = formatB24Date(portal.now())
      return { result: true }
    },
  },
}
