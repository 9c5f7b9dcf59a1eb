/**
 * @module The outbox ledgers of one approval, one per lane (issue #22: a Telegram step waiting for its chat slot
 * never holds the approval's next write-back). The write-back ledger is the Portal port's (which effects already
 * ran, by their idempotency key `<approvalId>:<seq>:<index>[:part]`; the task id of each place; what was sent
 * without an answer yet; the ids of everything created) plus up to which audit `seq` the write-back is done; the
 * messenger ledger holds the Telegram steps done and up to which `seq` they are. Each is written only by the
 * holder of its lane's lease, so a plain write is safe.
 */
import type { WriteBackLedger } from '../../ports/portal-write-back.ts'
import { tenantKey, type Store } from '../../ports/store.ts'

/** What the outbox's write-back lane remembers about one approval. */
export interface OutboxLedger extends WriteBackLedger {
  /** The write-back of every transition up to this audit seq has run. */
  doneThroughSeq: number
  /** The task ids whose approval is recorded for task events (`tasks/task-links.ts`). */
  linkedTasks?: number[]
  /** Written by the write-back lane: the Telegram steps are in the messenger ledger, not in `done`. */
  hasMessengerLane?: boolean
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

/** What the outbox's messenger lane remembers about one approval. */
export interface MessengerLedger {
  /** The Telegram steps of every transition up to this audit seq have run. */
  doneThroughSeq: number
  /** The steps done, by idempotency key (`…:tg…`), with what they answered. */
  done: Record<string, unknown>
}

function messengerLedgerKey(memberId: string, approvalId: string): string {
  return tenantKey(memberId, 'outbox-tg-ledger', approvalId)
}

/** A messenger step's key (the write-back ledger of one lane for both, before the lanes were split). */
const isMessengerKey = (key: string) => /:tg(-files)?(:|$)/.test(key)

/**
 * Reads the messenger ledger; when there is none yet and the write-back ledger `legacy` was written before the
 * lanes were split, the messenger part of that one, so no card goes out twice.
 */
export async function loadMessengerLedger(
  store: Store,
  memberId: string,
  approvalId: string,
  legacy: OutboxLedger,
): Promise<MessengerLedger> {
  const stored = (await store.get<MessengerLedger>(messengerLedgerKey(memberId, approvalId)))?.value
  if (stored) return stored
  if (legacy.hasMessengerLane) return { doneThroughSeq: 0, done: {} }
  const done = Object.fromEntries(Object.entries(legacy.done).filter(([key]) => isMessengerKey(key)))
  return { doneThroughSeq: legacy.doneThroughSeq, done }
}

/**
 * Called by the write-back lane before it first marks its ledger `hasMessengerLane`: the messenger part of a ledger
 * written before the lanes were split is kept as the messenger ledger (unless that lane wrote one meanwhile), so
 * the mark never makes a card sent before the split go out again.
 */
export async function keepLegacyMessengerSteps(
  store: Store,
  memberId: string,
  approvalId: string,
  legacy: OutboxLedger,
): Promise<void> {
  if (legacy.hasMessengerLane || (legacy.doneThroughSeq === 0 && Object.keys(legacy.done).length === 0)) return
  const done = Object.fromEntries(Object.entries(legacy.done).filter(([key]) => isMessengerKey(key)))
  const ledger: MessengerLedger = { doneThroughSeq: legacy.doneThroughSeq, done }
  await store.compareAndSet(messengerLedgerKey(memberId, approvalId), ledger, 0)
}

/** Persists the messenger ledger (only under the approval's messenger lease). */
export async function saveMessengerLedger(store: Store, memberId: string, approvalId: string, ledger: MessengerLedger) {
  await store.put(messengerLedgerKey(memberId, approvalId), ledger)
}

/** Up to which audit seq both lanes are done: the outbox entries up to it are no longer needed. */
export async function outboxDoneThroughSeq(store: Store, memberId: string, approvalId: string): Promise<number> {
  const writeBack = await loadLedger(store, memberId, approvalId)
  const messenger = await loadMessengerLedger(store, memberId, approvalId, writeBack)
  return Math.min(writeBack.doneThroughSeq, messenger.doneThroughSeq)
}
