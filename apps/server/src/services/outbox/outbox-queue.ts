/**
 * @module The outbox's due-time queue: one item per approval whose effects may still have to run. The item is
 * put in before the state change is written (a safety net that fires `recoveryDelayMs` later), so effects
 * recorded by a process that then died are still run by the next cron tick. Retries back off exponentially.
 */
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'

/** The queue every portal's outbox items live in (item ids carry the portal's prefix, so purge finds them). */
export const outboxQueue = globalKey('outbox')

/** What an outbox queue item names. */
export interface OutboxItem {
  memberId: string
  approvalId: string
}

/** How long after a change the safety-net run happens when the immediate run did not finish the work. */
export const recoveryDelayMs = 10_000

/** The queue item id of an approval's outbox. */
export function outboxItemId(memberId: string, approvalId: string): string {
  return tenantKey(memberId, 'outbox', approvalId)
}

/** Puts (or moves) the approval's outbox item to `dueAt`. */
export async function armOutbox(store: Store, item: OutboxItem, dueAt: number): Promise<void> {
  await store.enqueue(outboxQueue, { id: outboxItemId(item.memberId, item.approvalId), payload: item, dueAt })
}

/** Exponential backoff after `attempts` failed runs: 5 s, 10 s, 20 s … at most 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000)
}
