/**
 * @module The due-time queue of approval timers (reminders and deadlines): at most one item per approval and
 * timer, under the id `<tenant>:timer:<approvalId>:<timer>`, moved by the domain's `schedule` effects. A timer
 * that is dropped (`dueAt: null`) simply stays until it fires and is then refused by the domain as `NOT_DUE`.
 */
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'

/** The queue of every portal's approval timers. */
export const timerQueue = globalKey('approval-timers')

/** Which timer an item is. */
export interface TimerItem {
  memberId: string
  approvalId: string
  timer: 'reminder' | 'deadline'
}

/** Puts (or moves) a timer; `dueAt: null` leaves any queued item to be refused when it fires. */
export async function scheduleTimer(store: Store, item: TimerItem, dueAt: string | null): Promise<void> {
  if (dueAt === null) return
  const id = tenantKey(item.memberId, 'timer', item.approvalId, item.timer)
  await store.enqueue(timerQueue, { id, payload: item, dueAt: Date.parse(dueAt) })
}
