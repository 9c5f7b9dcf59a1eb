/**
 * @module Assembles the approval services of one process from ports: the people cache, the outbox worker and
 * the cron tick, so `app.ts` builds them with one call.
 */
import type { Clock } from '../../ports/clock.ts'
import { AuthError } from '../../ports/errors.ts'
import type { Messenger } from '../../ports/messenger.ts'
import type { Store } from '../../ports/store.ts'
import { createOutboxWorker, type OutboxPass } from '../outbox/outbox-worker.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import type { ActionDeps } from './act-on-approval.ts'
import { createPortalPeople } from './portal-users.ts'
import { runDueTimers, type TimerPass } from './run-timers.ts'

/** What the approval services are built from. */
export interface ApprovalServiceDeps {
  store: Store
  clock: Clock
  /** The portals' REST clients; absent when no Bitrix24 mode is configured (every portal call then fails). */
  directory: PortalDirectory | undefined
  /** Public base URL of the app (links back from Bitrix24). */
  appUrl: string
  /** Runs work after the answer (Vercel `waitUntil`, or a logged background promise locally). */
  defer: (work: Promise<unknown>) => void
  messenger?: Messenger
}

/** What one cron tick did. */
export interface CronTickReport {
  timers: TimerPass
  outbox: OutboxPass
}

/** The assembled services: the deps every approval service takes, and the cron tick. */
export interface ApprovalServices {
  deps: ActionDeps
  /**
   * Fires due reminders, deadlines and escalations, then runs due outbox items (retries and crash recovery).
   * Safe when two ticks overlap: every item is claimed by one worker, every change is a compare-and-set, and an
   * approval's effects run under its lease.
   */
  tick(limit?: number): Promise<CronTickReport>
}

const notConnected: PortalDirectory = {
  portal: () => Promise.reject(new AuthError('PORTAL_NOT_CONNECTED', 'No Bitrix24 connection is configured')),
}

/** Builds the approval services. */
export function createApprovalServices(deps: ApprovalServiceDeps): ApprovalServices {
  const directory = deps.directory ?? notConnected
  const people = createPortalPeople(deps)
  const outbox = createOutboxWorker({ ...deps, directory, people })
  const actionDeps: ActionDeps = { store: deps.store, clock: deps.clock, directory, people, outbox }
  return {
    deps: actionDeps,
    async tick(limit = 100) {
      const timers = await runDueTimers(actionDeps, limit)
      return { timers, outbox: await outbox.runDue(limit) }
    },
  }
}
