/**
 * @module The cron tick as a use case: resume what the inboxes left unfinished after their answers (Bitrix24
 * events, robot calls, Telegram updates) and expire old inbox records, fire due reminders, deadlines and
 * escalations, run due outbox items (retries and crash recovery), send the pings quiet hours held back and the
 * daily digests, then drain the portals' offline CRM events (the
 * backstop for lost deliveries) and read the changed deals and leads, and count one slice of approvals stored
 * before the statistics were kept. Safe when two ticks overlap: every item is
 * claimed by one worker, every change is a compare-and-set, and an approval's effects run under its lease.
 */
import type { ActionDeps } from './approvals/act-on-approval.ts'
import { runDueTimers, type TimerPass } from './approvals/run-timers.ts'
import type { CrmPortalTick } from './crm-events/crm-event-worker.ts'
import { expireInbox, processInbox, type InboxDeps } from './event-inbox.ts'
import type { LeadDeliveryPass } from './leads/lead-delivery-worker.ts'
import type { OutboxPass } from './outbox/outbox-worker.ts'
import type { PeoplePass } from './people/people-tick.ts'
import type { CatchUpPass } from './stats/stats-catch-up.ts'

/** What one cron tick did. */
export interface CronTickReport {
  timers: TimerPass
  outbox: OutboxPass
  /** Inbox records removed because their retention passed. */
  inboxExpired?: number
  /** The CRM pass over each connected portal (absent without Bitrix24). */
  crm?: CrmPortalTick[]
  /** Website leads delivered, retried or cleaned up (issue 20); absent when the tick has no lead worker. */
  leads?: LeadDeliveryPass
  /** Users read by the profile poll (issue #19); absent without Bitrix24. */
  profilesRead?: number
  /** Telegram pings released after quiet hours, and daily digests (issue 18). */
  people?: PeoplePass
  /** Statistics counted for approvals stored before they were kept (issue 18); absent without that step. */
  statistics?: CatchUpPass
}

/**
 * What the tick runs over; `telegramInbox` is absent until a bot is configured, `robotCalls` outside app mode.
 */
export interface CronTickDeps {
  actions: ActionDeps
  inbox: InboxDeps
  telegramInbox?: () => Promise<unknown>
  /** The CRM events' cron pass: offline backstop and due changes of every connected portal. */
  crmEvents?: () => Promise<CrmPortalTick[]>
  /** Resumes robot calls left unfinished after their answers. */
  robotCalls?: (() => Promise<unknown>) | undefined
  /** Runs up to `limit` due website-lead deliveries. */
  leads?: (limit: number) => Promise<LeadDeliveryPass>
  /** One step of the profile poll (Telegram ids and leavers); returns how many users were read. */
  profiles?: () => Promise<number>
  /** Sends up to `limit` pings whose quiet hours ended and up to `limit` due daily digests. */
  people?: (limit: number) => Promise<PeoplePass>
  /** Counts one slice of earlier approvals into the statistics of each portal not caught up yet. */
  statistics?: () => Promise<CatchUpPass>
}

/** Runs one tick over at most `limit` due timers, `limit` due outbox items and `limit` due lead deliveries. */
export async function runCronTick(deps: CronTickDeps, limit = 100): Promise<CronTickReport> {
  await processInbox(deps.inbox)
  const inboxExpired = await expireInbox(deps.inbox)
  await deps.robotCalls?.()
  await deps.telegramInbox?.()
  const timers = await runDueTimers(deps.actions, limit)
  const outbox = await deps.actions.outbox.runDue(limit)
  const leads = await deps.leads?.(limit)
  const people = await deps.people?.(limit)
  const crm = await deps.crmEvents?.()
  const profilesRead = await deps.profiles?.()
  const statistics = await deps.statistics?.()
  return {
    ...{ timers, outbox, inboxExpired },
    ...(leads ? { leads } : {}),
    ...(people ? { people } : {}),
    ...(crm ? { crm } : {}),
    ...(profilesRead === undefined ? {} : { profilesRead }),
    ...(statistics ? { statistics } : {}),
  }
}
