/**
 * @module The cron tick as a use case: resume what the inboxes left unfinished after their answers (Bitrix24
 * events, Telegram updates), fire due reminders, deadlines and escalations, then run due outbox items (retries
 * and crash recovery). Safe when two ticks overlap: every item is claimed by one worker, every change is a
 * compare-and-set, and an approval's effects run under its lease.
 */
import type { ActionDeps } from './approvals/act-on-approval.ts'
import { runDueTimers, type TimerPass } from './approvals/run-timers.ts'
import { processInbox, type InboxDeps } from './event-inbox.ts'
import type { LeadDeliveryPass } from './leads/lead-delivery-worker.ts'
import type { OutboxPass } from './outbox/outbox-worker.ts'

/** What one cron tick did. */
export interface CronTickReport {
  timers: TimerPass
  outbox: OutboxPass
  /** Website leads delivered, retried or cleaned up (issue 20); absent when the tick has no lead worker. */
  leads?: LeadDeliveryPass
}

/** What the tick runs over; `telegramInbox` is absent until a bot is configured. */
export interface CronTickDeps {
  actions: ActionDeps
  inbox: InboxDeps
  telegramInbox?: () => Promise<unknown>
  /** Runs up to `limit` due website-lead deliveries. */
  leads?: (limit: number) => Promise<LeadDeliveryPass>
}

/** Runs one tick over at most `limit` due timers, `limit` due outbox items and `limit` due lead deliveries. */
export async function runCronTick(deps: CronTickDeps, limit = 100): Promise<CronTickReport> {
  await processInbox(deps.inbox)
  await deps.telegramInbox?.()
  const timers = await runDueTimers(deps.actions, limit)
  const outbox = await deps.actions.outbox.runDue(limit)
  return { timers, outbox, ...(deps.leads ? { leads: await deps.leads(limit) } : {}) }
}
