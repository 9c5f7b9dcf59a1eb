/**
 * @module The portal's change stamp of approvals (issue 23, live updates): a counter raised by every saved
 * transition (a start, an answer from Telegram or the app, a reminder, a robot's start, a cancel). Open pages ask
 * for it with a conditional request every few seconds and reload their data only when it moved.
 */
import { tenantKey, type Store } from '../../ports/store.ts'

const changesKey = (memberId: string) => tenantKey(memberId, 'approvals-changed')

/** Raises the portal's stamp after an approval of it changed. */
export async function noteApprovalChange(store: Store, memberId: string): Promise<void> {
  await store.increment(changesKey(memberId))
}

/** The portal's current stamp (0 before the first change). */
export function approvalChangeStamp(store: Store, memberId: string): Promise<number> {
  return store.counter(changesKey(memberId))
}
