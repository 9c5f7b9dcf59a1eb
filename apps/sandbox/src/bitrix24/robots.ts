/**
 * @module Automation robots and business-process actions of the app, run the way Bitrix24's `CBPRestActivity`
 * does: the portal POSTs the handler a form with `workflow_id`, `code`, `document_id`, `document_type`,
 * `event_token`, `properties`, `use_subscription`, `timeout_duration`, `ts` and `auth` (with
 * `application_token`, without a refresh token), and a subscribed run waits for `bizproc.event.send`.
 *
 * The robots of one deal stage run in order inside one workflow: a waiting app robot holds the ones after it
 * until its answer comes; the standard "change stage" robot (optionally only when a return value of the robot
 * before it equals a value) moves the deal on. A deal leaving the stage terminates the waiting runs, so a late
 * `bizproc.event.send` is refused.
 */
import { randomBytes } from 'node:crypto'
import { formatB24Date } from './b24-date.ts'
import { deliver, encodeForm, eventAuth, tsNow } from './events/dispatcher.ts'
import { updateDeal } from './methods/crm-deal.ts'
import { appScope, type Portal } from './portal.ts'
import { asRecord, param } from './rest/params.ts'
import {
  nextId,
  type BizprocActivityRecord,
  type CrmRecord,
  type RobotRunRecord,
  type RobotTriggerRecord,
} from './state.ts'

/** The code the standard "change stage" robot has in Bitrix24. */
export const changeStageRobot = 'CrmChangeStatusActivity'

/** Where a robot is placed and with which property values (as the pipeline's automation settings hold them). */
export interface RobotPlacement {
  /** The app robot's code, or {@link changeStageRobot} (then `properties.stageId` is the target stage). */
  code: string
  categoryId?: number
  stageId: string
  properties?: Record<string, unknown>
  /** Runs only when the return value `field` of the robot before it equals `equals`. */
  condition?: { field: string; equals: string } | null
}

/** Places a robot on a deal stage, after the robots already there. */
export function placeRobot(portal: Portal, placement: RobotPlacement): void {
  portal.state.robotTriggers.push({
    id: nextId(portal.state, 'robotTrigger'),
    robotCode: placement.code,
    categoryId: placement.categoryId ?? 0,
    stageId: placement.stageId,
    properties: placement.properties ?? {},
    condition: placement.condition ?? null,
  })
  portal.persist()
}

/** A workflow id like Bitrix24's (`64f1c2a8b3e0d1.23456789`). */
function workflowId(): string {
  return `${randomBytes(7).toString('hex')}.${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
}

/** An event token shaped like the documented sample (`<workflow>|<activity>|<event id>.<signature>`). */
function eventToken(workflow: string): string {
  const activity = `A${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}_${randomBytes(3).toString('hex')}`
  return `${workflow}|${activity}|${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('hex')}`
}

const expression = /\{=Document:([A-Z_0-9]+)\}/g

/** One user value as a `user` property holds it: `user_<id>` (an id, `user_<id>` or a `{=Document:…}` field). */
function userValue(raw: string, deal: CrmRecord): string {
  const bound = raw.replace(expression, (_m, f: string) => String(deal[f] ?? ''))
  return /^\d+$/.test(bound) ? `user_${bound}` : bound
}

/**
 * The values the handler receives: the placement's values, the definition's `Default` where none was set,
 * `{=Document:FIELD}` replaced with the deal's field; `user` properties as `user_<id>` (a list when `Multiple`).
 */
function bindProperties(
  definition: BizprocActivityRecord,
  values: Record<string, unknown>,
  deal: CrmRecord,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(definition.PROPERTIES).map(([key, raw]) => {
      const property = asRecord(raw)
      const given = values[key]
      const value = given === undefined || given === '' ? (param(property, 'Default') ?? '') : given
      if (param(property, 'Type') === 'user') {
        const users = (Array.isArray(value) ? value : String(value).split(/[,;\s]+/))
          .map((v) => userValue(String(v), deal))
          .filter(Boolean)
        return [key, param(property, 'Multiple') === 'Y' ? users : (users[0] ?? '')]
      }
      const bind = (v: unknown) =>
        typeof v === 'string' ? v.replace(expression, (_m, f: string) => String(deal[f] ?? '')) : v
      return [key, Array.isArray(value) ? value.map(bind) : bind(value)]
    }),
  )
}

/** Starts a run of an app robot or action on a deal and calls its handler; returns the run. */
export function startRun(
  portal: Portal,
  start: { definition: BizprocActivityRecord; kind: RobotRunRecord['kind']; deal: CrmRecord; workflowId: string },
  values: Record<string, unknown>,
  triggeredBy: number,
): RobotRunRecord {
  const { definition, deal } = start
  const isSubscribed = definition.USE_SUBSCRIPTION === 'Y'
  const run: RobotRunRecord = {
    workflowId: start.workflowId,
    eventToken: eventToken(start.workflowId),
    robotCode: definition.CODE,
    kind: start.kind,
    documentId: ['crm', 'CCrmDocumentDeal', `DEAL_${deal.ID}`],
    status: isSubscribed ? 'waiting' : 'done-without-subscription',
    returnValues: null,
    logMessage: null,
    startedAt: formatB24Date(portal.now()),
    completedAt: null,
    triggeredBy,
    remainingTriggerIds: [],
  }
  portal.state.robotRuns.push(run)
  const userId = definition.AUTH_USER_ID > 0 ? definition.AUTH_USER_ID : triggeredBy
  const payload = {
    workflow_id: run.workflowId,
    code: definition.CODE,
    document_id: run.documentId,
    document_type: ['crm', 'CCrmDocumentDeal', 'DEAL'],
    event_token: run.eventToken,
    properties: bindProperties(definition, values, deal),
    use_subscription: isSubscribed ? 'Y' : 'N',
    timeout_duration: '0',
    ts: tsNow(portal),
    // CBPRestActivity sends the auth block without a refresh token.
    auth: eventAuth(portal, { userId, scope: appScope(portal), includeRefreshToken: false }),
  }
  deliver(portal, start.kind, definition.CODE, definition.HANDLER, encodeForm(payload))
  return run
}

/** Whether a robot's condition holds: the newest answered run of the workflow returned `equals` in `field`. */
function conditionHolds(portal: Portal, workflow: string, condition: RobotTriggerRecord['condition']): boolean {
  if (!condition) return true
  const answered = portal.state.robotRuns.filter((r) => r.workflowId === workflow && r.returnValues !== null).at(-1)
  const values = Object.fromEntries(
    Object.entries(answered?.returnValues ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
  )
  return String(values[condition.field.toLowerCase()] ?? '') === condition.equals
}

/** Records what a standard robot did (the deal card shows it with the app's runs). */
function recordStandardRun(portal: Portal, workflow: string, deal: CrmRecord, status: RobotRunRecord['status']) {
  const at = formatB24Date(portal.now())
  portal.state.robotRuns.push({
    ...{ workflowId: workflow, eventToken: '', robotCode: changeStageRobot, kind: 'robot' },
    documentId: ['crm', 'CCrmDocumentDeal', `DEAL_${deal.ID}`],
    ...{ status, returnValues: null, logMessage: null, startedAt: at, completedAt: at },
    ...{ triggeredBy: 0, remainingTriggerIds: [] },
  })
}

/** Runs `triggers` of one stage workflow in order until one waits or moves the deal on. */
function runTriggers(
  portal: Portal,
  deal: CrmRecord,
  workflow: string,
  triggers: RobotTriggerRecord[],
  triggeredBy: number,
): void {
  for (const [index, trigger] of triggers.entries()) {
    if (trigger.robotCode === changeStageRobot) {
      if (!conditionHolds(portal, workflow, trigger.condition)) {
        recordStandardRun(portal, workflow, deal, 'skipped')
        continue
      }
      recordStandardRun(portal, workflow, deal, 'completed')
      updateDeal(portal, triggeredBy, Number(deal.ID), { STAGE_ID: String(trigger.properties['stageId'] ?? '') })
      return
    }
    const definition = portal.state.robots.find((r) => r.CODE === trigger.robotCode)
    if (!definition || !conditionHolds(portal, workflow, trigger.condition)) continue
    const run = startRun(
      portal,
      { definition, kind: 'robot', deal, workflowId: workflow },
      trigger.properties,
      triggeredBy,
    )
    if (run.status === 'waiting') {
      run.remainingTriggerIds = triggers.slice(index + 1).map((t) => t.id)
      return
    }
  }
}

/** Runs the robots placed on the deal's current stage; called after a deal is added or moved. */
export function runRobotsForDeal(portal: Portal, deal: CrmRecord, triggeredBy: number): void {
  const { state } = portal
  const document = `DEAL_${deal.ID}`
  // The deal left the stage: the workflow of the old stage ends, its waiting robots with it.
  for (const run of state.robotRuns) {
    if (run.documentId[2] === document && run.kind === 'robot' && run.status === 'waiting') run.status = 'terminated'
  }
  if (state.app.installed && state.app.active) {
    const category = Number(deal['CATEGORY_ID'] ?? 0)
    const triggers = state.robotTriggers.filter((t) => t.categoryId === category && t.stageId === deal['STAGE_ID'])
    if (triggers.length > 0) runTriggers(portal, deal, workflowId(), triggers, triggeredBy)
  }
  portal.persist()
}

/** Starts a business process with the app's action `code` on a deal (the deal card's "Business processes"). */
export function startBusinessProcess(
  portal: Portal,
  dealId: number,
  code: string,
  values: Record<string, unknown>,
  userId: number,
): RobotRunRecord {
  const definition = portal.state.activities.find((a) => a.CODE === code)
  const deal = portal.state.deals.find((d) => Number(d.ID) === dealId)
  if (!definition || !deal) throw new Error(`No action ${code} or deal ${dealId}`)
  const run = startRun(portal, { definition, kind: 'activity', deal, workflowId: workflowId() }, values, userId)
  portal.persist()
  return run
}

/**
 * Completes a waiting run with the return values `bizproc.event.send` carried: only those the definition lists
 * in `RETURN_PROPERTIES` are kept (names compared case-insensitively, as `CBPRestActivity` does); then the
 * robots after it on the stage run.
 */
export function completeRun(portal: Portal, run: RobotRunRecord, returnValues: Record<string, unknown>, log: string) {
  const family = run.kind === 'activity' ? portal.state.activities : portal.state.robots
  const definition = family.find((r) => r.CODE === run.robotCode)
  const allowed = new Map(Object.keys(definition?.RETURN_PROPERTIES ?? {}).map((k) => [k.toUpperCase(), k]))
  run.status = 'completed'
  run.returnValues = Object.fromEntries(
    Object.entries(returnValues).flatMap(([key, value]) => {
      const name = allowed.get(key.toUpperCase())
      return name === undefined ? [] : [[name, value]]
    }),
  )
  run.logMessage = log
  run.completedAt = formatB24Date(portal.now())
  const deal = portal.state.deals.find((d) => `DEAL_${d.ID}` === run.documentId[2])
  const remaining = run.remainingTriggerIds
    .map((id) => portal.state.robotTriggers.find((t) => t.id === id))
    .filter((t): t is RobotTriggerRecord => t !== undefined)
  run.remainingTriggerIds = []
  if (deal && remaining.length > 0) runTriggers(portal, deal, run.workflowId, remaining, run.triggeredBy)
  portal.persist()
}
