/**
 * @module Wires CRM event processing: the worker over the portals' clients and the approval services, its
 * handlers registered in the Bitrix24 inbox (the deal and lead events), and the consumer of detected entries.
 */
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import type { OnCrmEntry } from '../services/crm-events/crm-changes.ts'
import { createCrmEventWorker, type CrmEventWorker } from '../services/crm-events/crm-event-worker.ts'
import type { Bitrix24Services } from './bitrix24.ts'

/** What the CRM event wiring needs. */
export interface CrmEventWiring {
  bitrix24: Bitrix24Services
  approvals: ActionDeps
  defer: (work: Promise<unknown>) => void
  /** The consumer of entries; without one, entries are detected and recorded as seen but start nothing. */
  onCrmEntry: OnCrmEntry | undefined
}

const noConsumer: OnCrmEntry = async () => undefined

/**
 * Builds the worker and registers its handlers in the inbox, leaving a handler given for the same event code in
 * place (tests pass their own); undefined when no Bitrix24 mode is configured.
 */
export function wireCrmEvents(wiring: CrmEventWiring): CrmEventWorker | undefined {
  const { bitrix24, approvals } = wiring
  if (!bitrix24.directory) return undefined
  const worker = createCrmEventWorker({
    ...{ store: approvals.store, clock: approvals.clock, directory: bitrix24.directory },
    ...{ actions: approvals, defer: wiring.defer, onCrmEntry: wiring.onCrmEntry ?? noConsumer },
  })
  for (const [code, handler] of worker.handlers) {
    if (!bitrix24.inbox.handlers.has(code)) bitrix24.inbox.handlers.set(code, handler)
  }
  return worker
}
