/**
 * @module CRM event processing of one process: the inbox handlers of the deal and lead events, the reader that
 * waits a short window after the first change so that changes arriving close together are read together, and the
 * cron tick's pass over every connected portal (offline backstop, then whatever changes are due).
 */
import { setTimeout as pause } from 'node:timers/promises'
import type { InboxEvent, EventHandler } from '../event-inbox.ts'
import type { ActionDeps } from '../approvals/act-on-approval.ts'
import { connectedPortals } from '../portal-records.ts'
import {
  changesPerPass,
  crmChangeQueue,
  markCrmChanges,
  readCrmChanges,
  type CrmChangeDeps,
  type CrmPass,
} from './crm-changes.ts'
import { cancelForDeletedEntity } from './crm-deletions.ts'
import { crmEventCodes, drainOfflineEvents, type OfflineDrain } from './offline-backstop.ts'

/** What the worker is built from. */
export interface CrmEventWorkerDeps extends CrmChangeDeps {
  actions: ActionDeps
  /** Runs work after the answer (Vercel `waitUntil`, a background promise locally). */
  defer: (work: Promise<unknown>) => void
  /**
   * How long the reader waits for more changes before a pass that is not full (default 1 s); while changes keep
   * arriving the wait doubles up to 8 s.
   */
  windowMs?: number
}

/** What one cron pass over a portal did; `error` names why the portal was skipped. */
export interface CrmPortalTick {
  memberId: string
  offline: OfflineDrain | null
  changes: CrmPass | null
  error?: string
}

/** CRM event processing: inbox handlers, a reader kicked by them, and the cron pass. */
export interface CrmEventWorker {
  /** Inbox handlers by event code (the deal and lead events). */
  handlers: ReadonlyMap<string, EventHandler>
  /** Starts (or extends) a reading run for the portal after the coalescing window. */
  kick(memberId: string): void
  /** Reads the portal's due changes, pass after pass, until none is due. */
  readDue(memberId: string): Promise<CrmPass>
  /** The cron tick: for every connected portal, drain the offline queue, then read the due changes. */
  tick(): Promise<CrmPortalTick[]>
}

/** The entity an event names (`data[FIELDS][ID]`), or null. */
function entityId(event: InboxEvent): number | null {
  const id = Number((event.data as { FIELDS?: { ID?: unknown } } | null)?.FIELDS?.ID)
  return Number.isInteger(id) && id > 0 ? id : null
}

/** The longest wait between two passes while changes keep arriving. */
const maxWindowMs = 8_000

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error))

/** Builds the CRM event worker of one process. */
export function createCrmEventWorker(deps: CrmEventWorkerDeps): CrmEventWorker {
  const windowMs = deps.windowMs ?? 1_000
  const runs = new Map<string, { again: boolean }>()

  async function readDue(memberId: string): Promise<CrmPass> {
    const total: CrmPass = { claimed: 0, read: 0, entries: 0 }
    let wait = windowMs
    for (;;) {
      const pass = await readCrmChanges(deps, memberId)
      total.claimed += pass.claimed
      total.read += pass.read
      total.entries += pass.entries
      if (pass.claimed === 0) return total
      if (pass.claimed < changesPerPass) {
        if ((await deps.store.queueSize(crmChangeQueue(memberId))) === 0) return total
        // Changes keep trickling in (a mass edit): wait longer each time, so passes stay few and full.
        await pause(wait)
        wait = Math.min(wait * 2, maxWindowMs)
      }
    }
  }

  async function run(memberId: string, state: { again: boolean }) {
    do {
      state.again = false
      await pause(windowMs)
      await readDue(memberId)
    } while (state.again)
  }

  function kick(memberId: string) {
    const running = runs.get(memberId)
    if (running) return void (running.again = true)
    const state = { again: false }
    runs.set(memberId, state)
    deps.defer(run(memberId, state).finally(() => runs.delete(memberId)))
  }

  const handlers = new Map<string, EventHandler>()
  for (const [code, { kind, isDeletion }] of Object.entries(crmEventCodes)) {
    handlers.set(code, async (event) => {
      const id = entityId(event)
      if (id === null) return
      if (isDeletion) {
        await cancelForDeletedEntity(deps.actions, event.memberId, { kind, id, userId: event.userId })
        return
      }
      await markCrmChanges(deps, event.memberId, [{ kind, id }])
      kick(event.memberId)
    })
  }

  async function tickPortal(memberId: string): Promise<CrmPortalTick> {
    const report: CrmPortalTick = { memberId, offline: null, changes: null }
    try {
      report.offline = await drainOfflineEvents(deps, memberId)
      report.changes = await readDue(memberId)
    } catch (error) {
      report.error = describe(error)
      console.error(`crm events: the tick of ${memberId} failed:`, report.error)
    }
    return report
  }

  return {
    handlers,
    kick,
    readDue,
    async tick() {
      const reports: CrmPortalTick[] = []
      for (const memberId of await connectedPortals(deps.store)) reports.push(await tickPortal(memberId))
      return reports
    },
  }
}
