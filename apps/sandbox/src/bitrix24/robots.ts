/**
 * @module Automation robots: when a deal enters a stage where the app's robot is placed, the portal
 * calls the robot's handler the way Bitrix24 does (form POST with `workflow_id`, `code`, `document_id`,
 * `document_type`, `event_token`, `properties`, `use_subscription`, `timeout_duration`, `ts`, `auth`),
 * and `bizproc.event.send` with that `event_token` completes the run with return values.
 */
import { randomBytes } from 'node:crypto'
import { formatB24Date } from './b24-date.ts'
import { deliver, encodeForm, eventAuth, tsNow } from './events/dispatcher.ts'
import { appScope, type Portal } from './portal.ts'
import { nextId, type CrmRecord, type RobotRunRecord } from './state.ts'

/** Where a robot is placed and with which property values (as the pipeline's automation settings hold them). */
export interface RobotPlacement {
  code: string
  categoryId?: number
  stageId: string
  properties?: Record<string, unknown>
}

/** Places the app's robot on a deal stage. */
export function placeRobot(portal: Portal, placement: RobotPlacement): void {
  portal.state.robotTriggers.push({
    id: nextId(portal.state, 'robotTrigger'),
    robotCode: placement.code,
    categoryId: placement.categoryId ?? 0,
    stageId: placement.stageId,
    properties: placement.properties ?? {},
  })
  portal.persist()
}

/** A workflow id like Bitrix24's (`64f1c2a8b3e0d1.23456789`). */
function workflowId(): string {
  return `${randomBytes(7).toString('hex')}.${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
}

/** An event token shaped like the documented sample (`<uniqid>|<activity>|<secret>.<hash>`). */
function eventToken(workflow: string): string {
  const activity = `A${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}_${randomBytes(3).toString('hex')}`
  return `${workflow}|${activity}|${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('hex')}`
}

/** Substitutes `{=Document:FIELD}` in property values with the deal's fields. */
function bindProperties(properties: Record<string, unknown>, deal: CrmRecord): Record<string, unknown> {
  const bind = (value: unknown): unknown =>
    typeof value === 'string'
      ? value.replace(/\{=Document:([A-Z_0-9]+)\}/g, (_m, f: string) => String(deal[f] ?? ''))
      : value
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, Array.isArray(v) ? v.map(bind) : bind(v)]))
}

/** Runs every robot placed on the deal's current stage; called after a deal is added or moved. */
export function runRobotsForDeal(portal: Portal, deal: CrmRecord, triggeredBy: number): void {
  const { state } = portal
  if (!state.app.installed || !state.app.active) return
  const category = Number(deal['CATEGORY_ID'] ?? 0)
  const triggers = state.robotTriggers.filter((t) => t.categoryId === category && t.stageId === deal['STAGE_ID'])
  for (const trigger of triggers) {
    const robot = state.robots.find((r) => r.CODE === trigger.robotCode)
    if (!robot) continue
    const workflow = workflowId()
    const run: RobotRunRecord = {
      workflowId: workflow,
      eventToken: eventToken(workflow),
      robotCode: robot.CODE,
      documentId: ['crm', 'CCrmDocumentDeal', `DEAL_${deal.ID}`],
      status: robot.USE_SUBSCRIPTION === 'Y' ? 'waiting' : 'done-without-subscription',
      returnValues: null,
      logMessage: null,
      startedAt: formatB24Date(portal.now()),
      completedAt: null,
    }
    state.robotRuns.push(run)
    const userId = robot.AUTH_USER_ID > 0 ? robot.AUTH_USER_ID : triggeredBy
    const payload = {
      workflow_id: run.workflowId,
      code: robot.CODE,
      document_id: run.documentId,
      document_type: ['crm', 'CCrmDocumentDeal', 'DEAL'],
      event_token: run.eventToken,
      properties: bindProperties(trigger.properties, deal),
      use_subscription: robot.USE_SUBSCRIPTION === 'Y' ? 'Y' : 'N',
      timeout_duration: '0',
      ts: tsNow(portal),
      auth: eventAuth(portal, { userId, scope: appScope(portal), includeRefreshToken: true }),
    }
    deliver(portal, 'robot', robot.CODE, robot.HANDLER, encodeForm(payload))
  }
  portal.persist()
}
