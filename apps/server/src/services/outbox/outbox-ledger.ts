/**
 * @module The outbox ledger of one approval: which effects already ran (by their idempotency key
 * `<approvalId>:<seq>:<index>[:part]`), the Bitrix24 task id of each place, up to which audit `seq` every
 * effect is done, which creating commands were sent without an answer yet, and the ids of everything the
 * outbox created. Written only by the holder of the approval's outbox lease, so a plain write is safe.
 */
import { tenantKey, type Store } from '../../ports/store.ts'

/** What the outbox remembers about one approval. */
export interface OutboxLedger {
  /** Every effect of every transition up to this audit seq has run. */
  doneThroughSeq: number
  /** Idempotency key → what the side effect returned (a Bitrix24 id, `true`, or `{ refused }`). */
  done: Record<string, unknown>
  /** `<round>:<stageIndex>:<userId>` → Bitrix24 task id. */
  tasks: Record<string, number>
  /** Keys of creating commands sent in a request that has not answered yet; looked up before a resend. */
  inFlight: string[]
  /** Bitrix24 ids of what the outbox created, by creating method, so a lookup never takes one for a lost twin. */
  owned: Record<string, number[]>
}

function ledgerKey(memberId: string, approvalId: string): string {
  return tenantKey(memberId, 'outbox-ledger', approvalId)
}

/** The task map key of one approver's place. */
export function placeKey(round: number, stageIndex: number, userId: number): string {
  return `${round}:${stageIndex}:${userId}`
}

/** Reads the ledger; an empty one when nothing ran yet. */
export async function loadLedger(store: Store, memberId: string, approvalId: string): Promise<OutboxLedger> {
  const stored = (await store.get<Partial<OutboxLedger>>(ledgerKey(memberId, approvalId)))?.value
  const ledger = { doneThroughSeq: 0, done: {}, tasks: {}, inFlight: [], owned: {}, ...stored }
  // A ledger written before `owned` existed still knows its tasks, so a lookup never takes one of them for new.
  if (stored && !stored.owned) ledger.owned = { 'tasks.task.add': Object.values(ledger.tasks) }
  return ledger
}

/** Persists the ledger (only under the approval's outbox lease). */
export async function saveLedger(store: Store, memberId: string, approvalId: string, ledger: OutboxLedger) {
  await store.put(ledgerKey(memberId, approvalId), ledger)
}
