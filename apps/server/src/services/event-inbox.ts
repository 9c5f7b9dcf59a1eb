/**
 * @module The Bitrix24 event inbox (architecture §8): an authenticated event is stored (deduplicated) before it
 * is acknowledged, then handlers registered per event code run after the answer. Unfinished work stays in the
 * store's due-time queue, so the cron tick (or the next event) resumes it; Bitrix24 never re-delivers. Every
 * record, handled or not, expires {@link inboxRetentionMs} after it arrived, so a busy portal's inbox stays bounded.
 */
import { createHash } from 'node:crypto'
import type { Clock } from '../ports/clock.ts'
import { globalKey, tenantKey, type Store } from '../ports/store.ts'

/** An event as stored in the inbox: no tokens, only what handlers need. */
export interface InboxEvent {
  id: string
  memberId: string
  /** Upper-case event code (`ONCRMDEALADD`). */
  event: string
  eventHandlerId: string | undefined
  data: unknown
  ts: string | undefined
  /** The user who triggered it (`auth[user_id]`), when sent. */
  userId: number | undefined
  receivedAt: string
  status: 'pending' | 'done' | 'unhandled' | 'failed'
  attempts: number
  lastError?: string
}

/** A handler of one event code; it must be idempotent (a crash mid-way re-runs it). */
export type EventHandler = (event: InboxEvent) => Promise<void>

/** Handlers by upper-case event code; later issues add theirs. */
export type EventHandlers = ReadonlyMap<string, EventHandler>

/** The due-time queue of inbox items (ids are the inbox document keys, so a portal purge removes them). */
export const inboxQueue = globalKey('b24', 'inbox')

const maxAttempts = 5

/** How long an inbox record is kept after it arrived, handled or not: 7 days. */
export const inboxRetentionMs = 7 * 24 * 60 * 60_000

/**
 * The due-time queue of inbox records — events, and robot calls (`robot/robot-calls.ts`) — by the time they
 * expire (ids are the documents' keys, so a portal purge removes them with the records).
 */
export const inboxExpiryQueue = globalKey('b24', 'inbox-expiry')

/** A stable id of an event delivery: the same payload delivered twice gets the same id. */
export function eventId(event: Pick<InboxEvent, 'memberId' | 'event' | 'eventHandlerId' | 'ts' | 'data'>): string {
  const canonical = JSON.stringify([event.memberId, event.event, event.eventHandlerId, event.ts, event.data])
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32)
}

/** The key of an inbox document. */
export function inboxKey(memberId: string, id: string): string {
  return tenantKey(memberId, 'inbox', id)
}

/**
 * Stores the event and queues it, once: true when it was new, false for a repeated delivery (nothing changes).
 */
export async function persistEvent(
  deps: { store: Store; clock: Clock },
  event: Omit<InboxEvent, 'id' | 'receivedAt' | 'status' | 'attempts'>,
): Promise<{ id: string; isNew: boolean }> {
  const id = eventId(event)
  const key = inboxKey(event.memberId, id)
  const now = deps.clock.now()
  const doc: InboxEvent = { ...event, id, receivedAt: new Date(now).toISOString(), status: 'pending', attempts: 0 }
  // Queued for expiry before it is written, so a crash in between leaves an expiry without a record, never a
  // record that never expires.
  await deps.store.enqueue(inboxExpiryQueue, { id: key, payload: null, dueAt: now + inboxRetentionMs })
  if ((await deps.store.compareAndSet(key, doc, 0)) === null) return { id, isNew: false }
  await deps.store.enqueue(inboxQueue, { id: key, payload: { key }, dueAt: now })
  return { id, isNew: true }
}

async function runOne(deps: InboxDeps, key: string): Promise<InboxEvent['status'] | null> {
  const stored = await deps.store.get<InboxEvent>(key)
  if (!stored) return null
  const event = stored.value
  const handler = deps.handlers.get(event.event)
  let status: InboxEvent['status'] = handler ? 'done' : 'unhandled'
  let lastError: string | undefined
  if (handler) {
    try {
      await handler(event)
    } catch (error) {
      lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      status = event.attempts + 1 >= maxAttempts ? 'failed' : 'pending'
      console.error(`inbox: ${event.event} ${event.id} of ${event.memberId} failed:`, lastError)
    }
  }
  await deps.store.put(key, { ...event, status, attempts: event.attempts + 1, lastError })
  return status
}

/** What the inbox worker needs. */
export interface InboxDeps {
  store: Store
  clock: Clock
  handlers: EventHandlers
}

/**
 * Runs due inbox items (up to `limit`): each claimed by exactly one worker, acknowledged when handled or when it
 * has no handler, retried with backoff (5 s × attempt²) after a failure, given up after five attempts.
 * Returns how many items were claimed.
 */
export async function processInbox(deps: InboxDeps, limit = 20): Promise<number> {
  const items = await deps.store.claim<{ key: string }>(inboxQueue, { now: deps.clock.now(), leaseMs: 60_000, limit })
  for (const item of items) {
    const status = await runOne(deps, item.payload.key)
    if (status === 'pending') {
      await deps.store.retryAt(inboxQueue, item.id, item.claimToken, deps.clock.now() + 5_000 * item.attempts ** 2)
    } else {
      await deps.store.ack(inboxQueue, item.id, item.claimToken)
    }
  }
  return items.length
}

/**
 * Deletes up to `limit` inbox records whose retention has passed (handled, unhandled, failed or still pending),
 * oldest first. Returns how many it removed.
 */
export async function expireInbox(deps: { store: Store; clock: Clock }, limit = 1_000): Promise<number> {
  const due = await deps.store.claim<null>(inboxExpiryQueue, { now: deps.clock.now(), leaseMs: 60_000, limit })
  for (const item of due) {
    await deps.store.delete(item.id)
    await deps.store.ack(inboxExpiryQueue, item.id, item.claimToken)
  }
  return due.length
}
