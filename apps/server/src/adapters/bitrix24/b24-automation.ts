/**
 * @module The automation facet of the Portal adapter: the app's robots (`bizproc.robot.*`) and business-process
 * actions (`bizproc.activity.*`), registered or brought up to date after `*.list` (so re-installing never
 * duplicates one); a run ended with `bizproc.event.send` when no approval started (with a timeline note); the
 * name of a deal's stage or a lead's status (`crm.*.get`, `crm.status.list`).
 * @see https://apidocs.bitrix24.com/api-reference/bizproc/bizproc-robot/bizproc-robot-add.html
 * @see https://apidocs.bitrix24.com/api-reference/bizproc/bizproc-robot/bizproc-robot-update.html
 * @see https://apidocs.bitrix24.com/api-reference/bizproc/bizproc-activity/bizproc-activity-add.html
 * @see https://apidocs.bitrix24.com/api-reference/bizproc/bizproc-robot/bizproc-event-send.html
 */
import type { RobotVerdict } from '../../domain/index.ts'
import type {
  Automation,
  AutomationAction,
  AutomationField,
  AutomationReport,
  AutomationRequest,
  RunEnd,
} from '../../ports/portal.ts'
import { bitrix24ErrorCode, type RestClient, type RestParams } from './b24-rest.ts'

const documentTypes = {
  deal: ['crm', 'CCrmDocumentDeal'],
  lead: ['crm', 'CCrmDocumentLead'],
} as const

function field(f: AutomationField): RestParams {
  return {
    Name: f.name,
    ...(f.description ? { Description: f.description } : {}),
    Type: f.type,
    Required: f.isRequired ? 'Y' : 'N',
    Multiple: f.isMultiple ? 'Y' : 'N',
    ...(f.options ? { Options: f.options } : {}),
    ...(f.default === undefined ? {} : { Default: f.default }),
  }
}

/** The fields `bizproc.robot.add` / `bizproc.activity.add` take (and `*.update` takes as `FIELDS`). */
function actionFields(action: AutomationAction): RestParams {
  const map = (fields: Record<string, AutomationField>) =>
    Object.fromEntries(Object.entries(fields).map(([key, f]) => [key, field(f)]))
  return {
    HANDLER: action.handler,
    USE_SUBSCRIPTION: 'Y',
    NAME: action.name,
    DESCRIPTION: action.description,
    PROPERTIES: map(action.properties),
    RETURN_PROPERTIES: map(action.returnProperties),
    FILTER: { INCLUDE: action.documents.map((d) => [...documentTypes[d]]) },
  }
}

/**
 * The robot's return values as `bizproc.event.send` takes them: a user as `user_<id>`, a time in ISO 8601,
 * `answers` as the readable lines the write-back texts made.
 */
export function robotReturnValues(verdict: RobotVerdict, answersText: string): RestParams {
  return {
    result: verdict.result,
    comment: verdict.comment,
    decided_by: verdict.decidedBy === null ? '' : `user_${verdict.decidedBy}`,
    decided_at: verdict.decidedAt ?? '',
    answers: answersText,
  }
}

async function ensureFamily(
  rest: RestClient,
  family: 'robot' | 'activity',
  actions: readonly AutomationAction[],
  report: AutomationReport,
): Promise<void> {
  if (actions.length === 0) return
  const listed = await rest.call<unknown>(`bizproc.${family}.list`).catch((error: unknown) => {
    // A plan without robots or business processes has no such methods: nothing to register there.
    if (bitrix24ErrorCode(error) === 'ERROR_METHOD_NOT_FOUND') return null
    throw error
  })
  if (listed === null) {
    report.unavailable.push(family)
    return
  }
  const codes = new Set(Array.isArray(listed) ? listed.map(String) : [])
  for (const action of actions) {
    const fields = actionFields(action)
    if (codes.has(action.code)) {
      await rest.call(`bizproc.${family}.update`, { CODE: action.code, FIELDS: fields })
      report.updated.push(action.code)
    } else {
      await rest.call(`bizproc.${family}.add`, { CODE: action.code, ...fields })
      report.added.push(action.code)
    }
  }
}

/** The {@link Automation} facet over one portal's REST pipe. */
export function createB24Automation(rest: RestClient): Automation {
  return {
    async ensure(request: AutomationRequest) {
      const report: AutomationReport = { added: [], updated: [], unavailable: [] }
      await ensureFamily(rest, 'robot', request.robots, report)
      await ensureFamily(rest, 'activity', request.activities, report)
      return report
    },
    async endRun(end: RunEnd) {
      const params = {
        event_token: end.eventToken,
        return_values: robotReturnValues(end.verdict, ''),
        log_message: end.logMessage,
      }
      try {
        await rest.call('bizproc.event.send', params)
        return { refused: null }
      } catch (error) {
        const code = bitrix24ErrorCode(error)
        if (code) return { refused: code }
        throw error
      }
    },
    async stageName(subject) {
      const record = await rest.call<Record<string, unknown> | null>(`crm.${subject.kind}.get`, { id: subject.id })
      const statusId = String((subject.kind === 'deal' ? record?.['STAGE_ID'] : record?.['STATUS_ID']) ?? '')
      if (statusId === '') return null
      const category = Number(record?.['CATEGORY_ID'] ?? 0)
      const entityId = subject.kind === 'lead' ? 'STATUS' : category > 0 ? `DEAL_STAGE_${category}` : 'DEAL_STAGE'
      const statuses = await rest.call<unknown>('crm.status.list', { filter: { ENTITY_ID: entityId } })
      const found = (Array.isArray(statuses) ? (statuses as Record<string, unknown>[]) : []).find(
        (status) => status['STATUS_ID'] === statusId,
      )
      return typeof found?.['NAME'] === 'string' ? found['NAME'] : statusId
    },
    async addTimelineNote(subject, text) {
      await rest.call('crm.timeline.comment.add', {
        fields: { ENTITY_TYPE: subject.kind, ENTITY_ID: subject.id, COMMENT: text },
      })
    },
  }
}
