/**
 * @module The object graph of one process, built once: configuration in, adapters chosen by it, services over
 * them. `app.ts` mounts routes over the graph; `main.ts` and `vercel.ts` only add their host concerns (the
 * store they open, how work after the answer is kept alive). The only place besides tests that imports adapters.
 */
import { createAesGcmSecretBox } from '../adapters/crypto/aes-gcm-secret-box.ts'
import type { Config } from '../config.ts'
import { systemClock, type Clock } from '../ports/clock.ts'
import type { Store } from '../ports/store.ts'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import type { LinkConfig } from '../services/approvals/approval-links.ts'
import { runCronTick, type CronTickReport } from '../services/cron-tick.ts'
import { runPeopleTick } from '../services/people/people-tick.ts'
import { servedPortals } from '../services/portal-records.ts'
import { catchUpStatistics } from '../services/stats/stats-catch-up.ts'
import type { CrmEntry } from '../domain/index.ts'
import { startRuleApprovals } from '../services/automation/start-rule-approvals.ts'
import type { OnCrmEntry } from '../services/crm-events/crm-changes.ts'
import type { EventHandler } from '../services/event-inbox.ts'
import type { ProfileSyncDeps } from '../services/telegram/profile-sync.ts'
import { processRobotCalls, type RobotCallDeps } from '../services/robot/robot-calls.ts'
import { wireApprovals } from './approvals.ts'
import { wireCrmEvents } from './crm-events.ts'
import { bitrix24Adapters, createBitrix24Services, type Bitrix24Services, type Bitrix24Tuning } from './bitrix24.ts'
import type { LeadLimits } from '../services/leads/lead-limits.ts'
import { wireLeads, type LeadSide } from './leads.ts'
import { wireProfiles } from './profiles.ts'
import { wireTelegram, type TelegramSide } from './telegram.ts'

/** Everything the app is built from; hosts and tests pass their own store and configuration. */
export interface AppDeps {
  config: Config & { appSecret: string }
  store: Store
  clock?: Clock
  /** b24jssdk tuning (tests lower `maxRetries`) and a private CA for a self-hosted portal in webhook mode. */
  bitrix24?: Bitrix24Tuning
  /** Bitrix24 event handlers by event code (later issues register theirs). */
  eventHandlers?: ReadonlyMap<string, EventHandler>
  /** Receives the CRM entries (deal created, deal entered a stage…) detected from Bitrix24 events. */
  onCrmEntry?: OnCrmEntry
  /** Runs work after the answer; default: a background promise whose failure is logged (Vercel: `waitUntil`). */
  defer?: (work: Promise<unknown>) => void
  /** The built SPA's index.html; default `apps/web/dist/index.html`. */
  spaIndexFile?: string
  /** The SPA page from elsewhere, e.g. a development server (`npm run dev`); replaces `spaIndexFile`. */
  spaIndex?: () => Promise<string | null>
  /** Rate limits of the website lead intake (benches raise them); defaults in `services/leads/lead-limits.ts`. */
  leadLimits?: Partial<LeadLimits>
}

/**
 * The default `defer`: lets `work` run on after the answer and logs its failure (the cron tick resumes what is
 * left). Returns the settled promise, for hosts that must be told to wait for it (Vercel's `waitUntil`).
 */
export function runInBackground(work: Promise<unknown>): Promise<void> {
  return work.then(
    () => undefined,
    (error: unknown) => console.error('background work failed:', error instanceof Error ? error.stack : error),
  )
}

/** The built graph: what the routes are mounted over. */
export interface AppGraph {
  store: Store
  clock: Clock
  defer: (work: Promise<unknown>) => void
  bitrix24: Bitrix24Services
  approvals: ActionDeps
  /** Robot and business-process action calls; app mode only (robots need an application). */
  robot: RobotCallDeps | undefined
  /**
   * The consumer of CRM entries (a deal or lead created or entering a stage): starts the approvals of the
   * portal's automation rules, at most one per (rule, entity, entry), so it is safe to call more than once.
   */
  onCrmEntry(memberId: string, entry: CrmEntry): Promise<void>
  /** The bot; absent until `TELEGRAM_BOT_TOKEN` is configured. */
  telegram: (TelegramSide & { store: Store; clock: Clock; defer: (work: Promise<unknown>) => void }) | undefined
  /** What links to approvals are made from. */
  links: LinkConfig
  /** The website lead intake and its delivery worker. */
  leads: LeadSide
  /** Telegram ids and leavers from the Bitrix24 profiles (issue #19); absent without Bitrix24. */
  profiles: ProfileSyncDeps | undefined
  /** One cron tick: inboxes, timers, outbox. */
  tick(): Promise<CronTickReport>
}

/**
 * Where links to approvals point: the portal's `REST_APP_URI` link under the app's `client_id` in app mode; the
 * app's own address in webhook mode, which has no app inside the portal.
 */
export function linkConfigOf(config: Config): LinkConfig {
  const { bitrix24 } = config
  if (bitrix24.mode === 'webhook') return { appUrl: config.appUrl, appCode: null, portalUrl: bitrix24.webhookUrl }
  return { appUrl: config.appUrl, appCode: bitrix24.mode === 'oauth' ? bitrix24.clientId : null }
}

/** Builds the graph of one process. */
export function buildGraph(deps: AppDeps): AppGraph {
  const { store, config } = deps
  const clock = deps.clock ?? systemClock
  const defer = deps.defer ?? runInBackground
  const bitrix24 = createBitrix24Services({
    adapters: bitrix24Adapters(config.bitrix24, deps.bitrix24, store),
    ...{ store, clock, secretBox: createAesGcmSecretBox(config.appSecret) },
    ...{ appUrl: config.appUrl, trustedServers: config.bitrix24OAuthServers },
    handlers: new Map(deps.eventHandlers),
  })
  const links = linkConfigOf(config)
  const telegramParts = config.telegram
    ? wireTelegram({ config: config.telegram, appSecret: config.appSecret, links, store, clock })
    : undefined
  const approvals = wireApprovals({
    ...{ store, clock, directory: bitrix24.directory, links, defer },
    messenger: telegramParts?.messenger,
  })
  const side = telegramParts?.runtime(approvals)
  const telegram = side && { ...side, store, clock, defer }
  const leads = wireLeads({
    ...{ store, clock, directory: approvals.directory, messenger: telegramParts?.messenger, defer },
    ...(deps.leadLimits ? { limits: deps.leadLimits } : {}),
  })
  const onCrmEntry = deps.onCrmEntry ?? startRuleApprovals(approvals)
  const crm = wireCrmEvents({ bitrix24, approvals, defer, onCrmEntry })
  const profiles = wireProfiles({ config: config.bitrix24, bitrix24, approvals, messenger: telegramParts?.messenger })
  const robot = bitrix24.install && bitrix24.events ? { ...approvals, events: bitrix24.events } : undefined
  return {
    ...{ store, clock, defer, bitrix24, approvals, robot, telegram, links, leads },
    profiles: profiles?.deps,
    onCrmEntry,
    tick: () =>
      runCronTick({
        ...{ actions: approvals, inbox: bitrix24.inbox, telegramInbox: telegram?.processInbox },
        ...(crm ? { crmEvents: crm.tick } : {}),
        robotCalls: robot && (() => processRobotCalls(robot)),
        leads: (limit) => leads.worker.runDue(limit),
        ...(profiles ? { profiles: profiles.tick } : {}),
        people: (limit) => runPeopleTick({ ...approvals, links, messenger: telegramParts?.messenger }, limit),
        statistics: async () => catchUpStatistics(store, await servedPortals(store)),
      }),
  }
}
