/**
 * @module The Telegram update inbox (architecture §8): an update is deduplicated on `update_id` and
 * persisted to a due-time queue before the webhook answers 200; the bot runs it after the answer, and the cron
 * tick resumes whatever is left. Telegram re-sends an update until it gets a 2xx, so a repeat must change nothing.
 */
import type { Clock } from '../../ports/clock.ts'
import { globalKey, type QueueItem, type Store } from '../../ports/store.ts'
import { keepRenewed } from '../lease-renewal.ts'
import type { TelegramBotRuntime } from '../../ports/telegram-bot.ts'

/** The due-time queue of received updates. */
export const telegramInboxQueue = globalKey('tg', 'inbox')

/** How long an `update_id` is remembered: Telegram keeps undelivered updates for 24 hours. */
export const updateDedupeTtlMs = 24 * 60 * 60_000

/**
 * How long a claimed update stays hidden without renewal. The worker renews the claim every
 * {@link updateRenewEveryMs} while the bot handles it (up to its 4-minute handler timeout), so the update of a
 * worker that died (`kill -9`) is due again within this time, and the next cron tick runs it.
 */
export const updateLeaseMs = 30_000
/** How often the worker renews the claim of the update it handles. */
export const updateRenewEveryMs = 10_000

/** How often a stored update is tried before it is dropped (logged). */
export const maxUpdateAttempts = 3

/** The put-if-absent key that marks an `update_id` as received. */
export function updateDedupeKey(updateId: number): string {
  return globalKey('tg', 'update', String(updateId))
}

/** A Telegram update as stored: only `update_id` is interpreted here, the rest is the bot's business. */
export interface StoredUpdate {
  update_id: number
  [field: string]: unknown
}

/**
 * Records an update once: true when it is new (now queued), false for a repeat (nothing changes). When queueing
 * fails the dedupe mark is removed again before the error propagates, so Telegram's re-delivery is not lost.
 * @throws whatever the store throws (the route answers 5xx and Telegram re-delivers).
 */
export async function acceptUpdate(deps: { store: Store; clock: Clock }, update: StoredUpdate): Promise<boolean> {
  const key = updateDedupeKey(update.update_id)
  const now = deps.clock.now()
  if (!(await deps.store.putIfAbsent(key, now, updateDedupeTtlMs))) return false
  try {
    await deps.store.enqueue(telegramInboxQueue, { id: String(update.update_id), payload: update, dueAt: now })
  } catch (error) {
    await deps.store.delete(key).catch((cleanup: unknown) => {
      console.error('telegram inbox: could not remove the dedupe mark of', update.update_id, cleanup)
    })
    throw error
  }
  return true
}

/** What the inbox worker needs. */
export interface TelegramInboxDeps {
  store: Store
  clock: Clock
  runtime: Pick<TelegramBotRuntime, 'handleUpdate'>
}

/** Handles one claimed update, renewing its claim meanwhile; acks, retries or drops it. */
async function runClaimed(deps: TelegramInboxDeps, item: QueueItem<StoredUpdate>): Promise<void> {
  const renewal = keepRenewed(
    () => deps.store.extendClaim(telegramInboxQueue, item.id, item.claimToken, deps.clock.now() + updateLeaseMs),
    updateRenewEveryMs,
    `update ${item.id}`,
  )
  try {
    await deps.runtime.handleUpdate(item.payload)
    await deps.store.ack(telegramInboxQueue, item.id, item.claimToken)
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    console.error(`telegram inbox: update ${item.id} failed (attempt ${item.attempts}):`, message)
    const retryAt = deps.clock.now() + 2_000 * item.attempts ** 2
    if (item.attempts >= maxUpdateAttempts) await deps.store.ack(telegramInboxQueue, item.id, item.claimToken)
    else await deps.store.retryAt(telegramInboxQueue, item.id, item.claimToken, retryAt)
  } finally {
    renewal.stop()
  }
}

/**
 * Runs due updates (up to `limit`), one claim at a time so each is held only while it runs, each claimed by
 * exactly one worker: acknowledged when the bot handled it, retried after 2 s × attempt² when it failed, dropped
 * (and logged) after {@link maxUpdateAttempts} attempts. Returns how many updates were claimed.
 */
export async function processTelegramInbox(deps: TelegramInboxDeps, limit = 20): Promise<number> {
  let claimed = 0
  while (claimed < limit) {
    const now = deps.clock.now()
    const [item] = await deps.store.claim<StoredUpdate>(telegramInboxQueue, { now, leaseMs: updateLeaseMs, limit: 1 })
    if (!item) break
    claimed += 1
    await runClaimed(deps, item)
  }
  return claimed
}
