/**
 * @module The outbox ledger of one approval: the write-back ledger of the Portal port (which effects already ran,
 * by their idempotency key `<approvalId>:<seq>:<index>[:part]`; the task id of each place; what was sent without
 * an answer yet; the ids of everything created) plus up to which audit `seq` every effect is done. Written only
 * by the holder of the approval's outbox lease, so a plain write is safe.
 */
import type { WriteBackLedger } from '../../ports/portal-write-back.ts'
import { tenantKey, type Store } from '../../ports/store.ts'

/** What the outbox remembers about one approval. */
export interface OutboxLedger extends WriteBackLedger {
  /** Every effect of every transition up to this audit seq has run. */
  doneThroughSeq: number
  /** The task ids whose approval is recorded for task events (`tasks/task-links.ts`). */
  linkedTasks?: number[]
}

function ledgerKey(memberId: string, approvalId: string): string {
  return tenantKey(memberId, 'outbox-ledger', approvalId)
}

/** Reads the ledger; an empty one when nothing ran yet. */
export async function loadLedger(store: Store, memberId: string, approvalId: string): Promise<OutboxLedger> {
  const stored = (await store.get<Partial<OutboxLedger>>(ledgerKey(memberId, approvalId)))?.value
  const ledger = { doneThroughSeq: 0, done: {}, tasks: {}, inFlight: [], owned: {}, ...stored }
  // A ledger written before `owned` existed still knows its tasks, so a lookup never takes one of them for new.
  if (stored && !stored.owned) ledger.owned = { 'task-create': Object.values(ledger.tasks) }
  return ledger
}

/** Persists the ledger (only under the approval's outbox lease). */
export async function saveLedger(store: Store, memberId: string, approvalId: string, ledger: OutboxLedger) {
  await store.put(ledgerKey(memberId, approvalId), ledger)
}
