/**
 * @module Wires CRM event processing: the worker over the portals' clients and the approval services, its
 * handlers registered in the Bitrix24 inbox (the deal and lead events), the consumer of detected entries, and the
 * handlers of the approvers' task events (`services/tasks/task-sync.ts`).
 */
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import type { OnCrmEntry } from '../services/crm-events/crm-changes.ts'
import { createCrmEventWorker, type CrmEventWorker } from '../services/crm-events/crm-event-worker.ts'
import { taskEventHandlers } from '../services/tasks/task-sync.ts'
import type { Bitrix24Services } from './bitrix24.ts'

/** What the CRM event wiring needs. */
export interface CrmEventWiring {
  bitrix24: Bitrix24Services
  approvals: ActionDeps
  defer: (work: Promise<unknown>) => void
  /** The consumer of entries (the automation rules, or a test's own). */
  onCrmEntry: OnCrmEntry
}

/**
 * Builds the worker and registers its handlers in the inbox, leaving a handler given for the same event code in
 * place (tests pass their own); undefined when no Bitrix24 mode is configured.
 */
export function wireCrmEvents(wiring: CrmEventWiring): CrmEventWorker | undefined {
  const { bitrix24, approvals } = wiring
  if (!bitrix24.directory) return undefined
  const worker = createCrmEventWorker({
    ...{ store: approvals.store, clock: approvals.clock, directory: bitrix24.directory },
    ...{ actions: approvals, defer: wiring.defer, onCrmEntry: wiring.onCrmEntry },
  })
  for (const [code, handler] of [...worker.handlers, ...taskEventHandlers(approvals)]) {
    if (!bitrix24.inbox.handlers.has(code)) bitrix24.inbox.handlers.set(code, handler)
  }
  return worker
}
