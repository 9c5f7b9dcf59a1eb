/**
 * @module How approvals are stored: one versioned document per approval that carries, in the same write, the
 * outbox entries (effects) of its newest transitions, so a state change and its side effects are recorded
 * atomically (architecture §8); plus the ordered indexes the list reads.
 */
import type { Approval, Effect, Subject, UserId } from '../../domain/index.ts'
import { ConflictError, NotFoundError } from '../../ports/errors.ts'
import { tenantKey, type Store, type Versioned } from '../../ports/store.ts'
import { noteApprovalChange } from './approval-changes.ts'

/** The effects of one accepted transition, keyed by the audit entry's `seq`. */
export interface OutboxEntry {
  seq: number
  effects: Effect[]
}

/** The stored approval document. */
export interface ApprovalRecord {
  approval: Approval
  /** Transitions whose effects may not have run yet; pruned once the outbox ledger says they are done. */
  outbox: OutboxEntry[]
}

/** The document key of an approval. */
export function approvalKey(memberId: string, approvalId: string): string {
  return tenantKey(memberId, 'approval', approvalId)
}

/**
 * Index names: every approval of the portal, by initiator, by approver, by subject (the deal or lead card's tab)
 * (score = creation time in ms). `approval-indexes.ts` keeps them, and their deadline-ordered twins, in step.
 */
export const approvalIndex = {
  all: (memberId: string) => tenantKey(memberId, 'ix', 'approvals'),
  initiator: (memberId: string, userId: UserId) => tenantKey(memberId, 'ix', 'initiator', String(userId)),
  approver: (memberId: string, userId: UserId) => tenantKey(memberId, 'ix', 'approver', String(userId)),
  subject: (memberId: string, subject: Pick<Subject, 'kind' | 'id'>) =>
    tenantKey(memberId, 'ix', 'subject', subject.kind, String(subject.id)),
}

/**
 * Reads an approval document.
 * @throws NotFoundError `APPROVAL_NOT_FOUND` when the portal has no such approval.
 */
export async function loadApproval(store: Store, memberId: string, approvalId: string) {
  const found = /^[0-9A-Za-z]{1,40}$/.test(approvalId)
    ? await store.get<ApprovalRecord>(approvalKey(memberId, approvalId))
    : null
  if (!found) throw new NotFoundError('APPROVAL_NOT_FOUND', 'There is no such approval in this portal')
  return found
}

/** Every user who holds or held a place in any stage of any round, or of the next round's definition. */
export function approverIds(approval: Approval): UserId[] {
  const ids = new Set<UserId>(approval.stages.flatMap((stage) => stage.approverIds))
  for (const round of approval.rounds) {
    for (const stage of round.stages) {
      for (const seat of stage.seats) {
        ids.add(seat.userId)
        // The absent person whose deputy decided sees the approval among their own.
        if (seat.onBehalfOf) ids.add(seat.onBehalfOf)
      }
    }
  }
  return [...ids]
}

/**
 * Writes a new state with its effects in one compare-and-set.
 * @throws ConflictError `CONCURRENT_UPDATE` when someone else wrote first (the caller re-reads and retries).
 */
export async function saveTransition(
  store: Store,
  current: Versioned<ApprovalRecord> | null,
  state: Approval,
  entry: OutboxEntry,
  doneThroughSeq: number,
): Promise<number> {
  const outbox = [...(current?.value.outbox ?? []).filter((e) => e.seq > doneThroughSeq), entry]
  const version = await store.compareAndSet<ApprovalRecord>(
    approvalKey(state.memberId, state.id),
    { approval: state, outbox },
    current?.version ?? 0,
  )
  if (version === null) throw new ConflictError('CONCURRENT_UPDATE', 'The approval changed meanwhile')
  await noteApprovalChange(store, state.memberId)
  return version
}
