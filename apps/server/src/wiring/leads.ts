/**
 * @module Wires the website lead intake of one process (issue 20): the intake's limits and the one delivery worker
 * (with the messenger, when a bot is configured, for the Telegram notices).
 */
import type { Clock } from '../ports/clock.ts'
import type { Messenger } from '../ports/messenger.ts'
import type { Store } from '../ports/store.ts'
import { createLeadDeliveryWorker, type LeadDeliveryWorker } from '../services/leads/lead-delivery-worker.ts'
import { defaultLeadLimits, type LeadLimits } from '../services/leads/lead-limits.ts'
import type { IntakeDeps } from '../services/leads/receive-lead.ts'
import type { PortalDirectory } from '../services/portal-directory.ts'

/** The lead side of the graph. */
export interface LeadSide {
  intake: IntakeDeps
  worker: LeadDeliveryWorker
}

/** Builds the intake and the delivery worker over the process's portals and messenger. */
export function wireLeads(wiring: {
  store: Store
  clock: Clock
  directory: PortalDirectory
  messenger: Messenger | undefined
  defer: (work: Promise<unknown>) => void
  limits?: Partial<LeadLimits>
}): LeadSide {
  const { store, clock, directory, messenger, defer } = wiring
  const worker = createLeadDeliveryWorker({ store, clock, directory, defer, ...(messenger ? { messenger } : {}) })
  const limits = { ...defaultLeadLimits, ...wiring.limits }
  return { worker, intake: { store, clock, limits, kick: (item) => worker.kick(item) } }
}
