/**
 * @module Robot and business-process action calls (`/api/b24/robot`): authenticated like events, stored once
 * per `event_token` (the portal calls a robot once, so a call is persisted before it is answered, and a repeated
 * one names the same approval), then run after the answer: an approval starts on the document, or the run ends
 * at once with `error`, its reason in the return values and on the document's timeline. Unfinished calls stay in
 * a due-time queue that the cron tick resumes. Like events, a stored call expires {@link inboxRetentionMs} after it
 * arrived (the approval keeps its `event_token`), so the store stays bounded.
 */
import { createHash } from 'node:crypto'
import { robotError } from '../../domain/index.ts'
import { AppError } from '../../ports/errors.ts'
import type { Portal } from '../../ports/portal.ts'
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { newApprovalId, type StartDeps } from '../approvals/start-approval.ts'
import { inboxExpiryQueue, inboxRetentionMs } from '../event-inbox.ts'
import { authenticateDelivery, type IncomingEvent, type ReceiveEventDeps } from '../receive-event.ts'
import { readDocument, type RobotProblem } from './robot-properties.ts'
import { startFromCall } from './robot-start.ts'

/** A robot call as the route validated it. */
export interface RobotCall {
  memberId: string
  eventToken: string
  workflowId: string
  /** The robot's or action's code. */
  code: string
  documentId: string[]
  properties: Record<string, unknown>
  /** The user whose token came with the call (the robot's `AUTH_USER_ID`, or who moved the document). */
  userId: number | undefined
  auth: IncomingEvent['auth']
}

/** A stored call: no tokens, the approval id reserved for it, and what became of it. */
export interface RobotCallRecord extends Omit<RobotCall, 'auth'> {
  approvalId: string
  receivedAt: string
  status: 'pending' | 'started' | 'ended' | 'failed'
  attempts: number
  /** Set when the run ended with `error`: why, and the portal's code when it refused the answer. */
  error?: { code: string; message: string; refused: string | null }
  lastError?: string
}

/** The due-time queue of robot calls (ids are the call documents' keys, so a portal purge removes them). */
export const robotCallQueue = globalKey('b24', 'robot-calls')

/** A robot waits for its answer, so a call is tried for about an hour (12 attempts) before it is given up. */
const maxAttempts = 12
const maxBackoffMs = 10 * 60_000

/** The key of a robot call's document: one per portal and `event_token`. */
export function robotCallKey(memberId: string, eventToken: string): string {
  return tenantKey(memberId, 'robot-call', createHash('sha256').update(eventToken).digest('hex').slice(0, 40))
}

/** What receiving and running robot calls needs. */
export interface RobotCallDeps extends StartDeps {
  events: ReceiveEventDeps
}

/**
 * Authenticates a robot call and stores it once; returns the approval id reserved for it and whether the call
 * was new (a repeated `event_token` changes nothing and names the same approval).
 * @throws AuthError `EVENT_NOT_AUTHENTIC` (nothing is stored).
 */
export async function receiveRobotCall(
  deps: Pick<RobotCallDeps, 'events' | 'store' | 'clock'>,
  call: RobotCall,
): Promise<{ approvalId: string; isNew: boolean }> {
  await authenticateDelivery(deps.events, call)
  const key = robotCallKey(call.memberId, call.eventToken)
  const now = deps.clock.now()
  const { auth: _auth, ...rest } = call
  const record: RobotCallRecord = {
    ...rest,
    approvalId: newApprovalId(now),
    receivedAt: new Date(now).toISOString(),
    status: 'pending',
    attempts: 0,
  }
  // Queued for expiry before it is written, as inbox events are: never a record that never expires.
  await deps.store.enqueue(inboxExpiryQueue, { id: key, payload: null, dueAt: now + inboxRetentionMs })
  if ((await deps.store.compareAndSet(key, record, 0)) === null) {
    const stored = await deps.store.get<RobotCallRecord>(key)
    return { approvalId: stored?.value.approvalId ?? record.approvalId, isNew: false }
  }
  await deps.store.enqueue(robotCallQueue, { id: key, payload: { key }, dueAt: now })
  return { approvalId: record.approvalId, isNew: true }
}

/** Ends a run that could not start an approval: `error` with the reason, and a note on the document. */
async function endWithError(deps: RobotCallDeps, call: RobotCallRecord, portal: Portal, problem: RobotProblem) {
  const { language } = await loadSettings(deps.store, call.memberId)
  const message = problem[language]
  const at = new Date(deps.clock.now()).toISOString()
  const head =
    language === 'ru'
      ? 'Робот «Согласование в Telegram» не запустил согласование'
      : 'The Telegram approval robot did not start an approval'
  const { refused } = await portal.automation.endRun({
    eventToken: call.eventToken,
    verdict: robotError(message, at),
    logMessage: `${head}: ${message}`,
  })
  const document = readDocument(call.documentId)
  if (document.ok && problem.code !== 'DOCUMENT_NOT_FOUND') {
    await portal.automation.addTimelineNote(document.value, `${head}: ${message}`)
  }
  return { code: problem.code, message, refused }
}

async function update(store: Store, key: string, change: (r: RobotCallRecord) => RobotCallRecord) {
  for (;;) {
    const current = await store.get<RobotCallRecord>(key)
    if (!current) return
    if ((await store.compareAndSet(key, change(current.value), current.version)) !== null) return
  }
}

/** Runs one stored call to its end; returns its status, `pending` when it is to be retried. */
async function runCall(deps: RobotCallDeps, key: string): Promise<RobotCallRecord['status'] | null> {
  const stored = await deps.store.get<RobotCallRecord>(key)
  if (!stored) return null
  const call = stored.value
  if (call.status !== 'pending') return call.status
  try {
    const portal = await deps.directory.portal(call.memberId)
    const problem = await startFromCall(deps, call, portal)
    const error = problem === null ? undefined : await endWithError(deps, call, portal, problem)
    const status = error === undefined ? 'started' : 'ended'
    await update(deps.store, key, (r) => ({ ...r, status, attempts: r.attempts + 1, ...(error ? { error } : {}) }))
    return status
  } catch (error) {
    const lastError = error instanceof AppError ? `${error.code}: ${error.message}` : String(error)
    const status = call.attempts + 1 >= maxAttempts ? 'failed' : 'pending'
    console.error(`robot call ${call.code} of ${call.memberId} failed:`, lastError)
    await update(deps.store, key, (r) => ({ ...r, status, attempts: r.attempts + 1, lastError }))
    return status
  }
}

/**
 * Runs due robot calls (up to `limit`): each claimed by one worker, retried with backoff (5 s × attempt², at most
 * 10 min) after a passing failure, given up after twelve attempts (about an hour). Returns how many were claimed.
 */
export async function processRobotCalls(deps: RobotCallDeps, limit = 20): Promise<number> {
  const items = await deps.store.claim<{ key: string }>(robotCallQueue, {
    now: deps.clock.now(),
    leaseMs: 60_000,
    limit,
  })
  for (const item of items) {
    const status = await runCall(deps, item.payload.key)
    if (status === 'pending') {
      const backoff = Math.min(5_000 * item.attempts ** 2, maxBackoffMs)
      await deps.store.retryAt(robotCallQueue, item.id, item.claimToken, deps.clock.now() + backoff)
    } else {
      await deps.store.ack(robotCallQueue, item.id, item.claimToken)
    }
  }
  return items.length
}
