/**
 * @module Whether a Telegram ping to a portal user goes out now, waits until their quiet hours end, or is not
 * sent (they switched Telegram off), and whether they take Bitrix24 notifications: the users' notification
 * settings applied to the outbox's messages. Deferred pings wait in {@link quietPingQueue}, which the cron tick
 * drains (`quiet-pings.ts`). The timing itself is the domain's `telegramPingAt`.
 */
import {
  telegramPingAt,
  type ApproverNotice,
  type InitiatorNotice,
  type Outcome,
  type UserId,
} from '../../domain/index.ts'
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'
import { findPrefs, pingTiming } from './notification-prefs.ts'

/** What to do with one Telegram ping. */
export type PingPlan = { kind: 'send' } | { kind: 'muted' } | { kind: 'defer'; at: Date }

/** The plan for a Telegram ping to `userId` at `now` (users who never saved settings get every ping at once). */
export async function telegramPingPlan(store: Store, memberId: string, userId: UserId, now: Date): Promise<PingPlan> {
  const prefs = await findPrefs(store, memberId, userId)
  if (prefs === null) return { kind: 'send' }
  if (!prefs.channels.telegram) return { kind: 'muted' }
  const at = telegramPingAt(pingTiming(prefs), now)
  return at.getTime() > now.getTime() ? { kind: 'defer', at } : { kind: 'send' }
}

/** Of `userIds`, those who switched Bitrix24 notifications off. */
export async function bitrix24Muted(store: Store, memberId: string, userIds: Iterable<UserId>): Promise<Set<UserId>> {
  const muted = new Set<UserId>()
  for (const userId of new Set(userIds)) {
    if ((await findPrefs(store, memberId, userId))?.channels.bitrix24 === false) muted.add(userId)
  }
  return muted
}

/** The queue of Telegram pings held back by quiet hours, due when those end. */
export const quietPingQueue = globalKey('quiet-pings')

/**
 * A ping held back by quiet hours: an approver's card (reminders too), the approval's files that follow the card
 * (`approver-files`), or a message to the initiator.
 */
export type QuietPing = {
  memberId: string
  approvalId: string
  userId: UserId
  /** The outbox step's idempotency key, so the ping is sent once however often it is retried. */
  idempotencyKey: string
} & (
  | { to: 'approver'; reason: ApproverNotice }
  | { to: 'approver-files' }
  | { to: 'initiator'; event: InitiatorNotice; outcome: Outcome | null }
)

/**
 * Holds `ping` until `at`. An approver has one held card per approval (a later one — a reminder after the
 * stage's card — replaces it, so they get one card, in its state at that time); each message to the initiator
 * and each sending of files is held on its own, the files a millisecond after the card so they follow it.
 */
export async function deferPing(store: Store, ping: QuietPing, at: Date): Promise<void> {
  const id =
    ping.to === 'approver'
      ? tenantKey(ping.memberId, 'quiet-ping', ping.approvalId, String(ping.userId))
      : tenantKey(ping.memberId, 'quiet-ping', ping.idempotencyKey)
  const dueAt = at.getTime() + (ping.to === 'approver-files' ? 1 : 0)
  await store.enqueue(quietPingQueue, { id, payload: ping, dueAt })
}
