/**
 * @module The daily digest: at the local time a user chose, what waits for them — approvals waiting for their
 * answer and their own approvals returned for revision — by Telegram when they take Telegram pings and are
 * linked (held until their quiet hours end), otherwise as a Bitrix24 notification when they take those. Nothing
 * is sent on a day when nothing waits. Each user's item in {@link digestQueue} is claimed by one worker; the
 * Telegram message carries a per-day idempotency key and the Bitrix24 notice a per-day mark, so a user gets at
 * most one digest a day however many ticks overlap.
 */
import { findDecisionSeat, localDateOf, type Approval, type UserId } from '../../domain/index.ts'
import type { Digest, DigestEntry } from '../../ports/messenger.ts'
import type { NoticePart } from '../../ports/portal.ts'
import { tenantKey, type QueueItem } from '../../ports/store.ts'
import { approvalLinks } from '../approvals/approval-links.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { listApprovals } from '../approvals/list-approvals.ts'
import { backoffMs } from '../outbox/outbox-queue.ts'
import type { OutboxDeps } from '../outbox/run-outbox.ts'
import {
  digestQueue,
  findPrefs,
  scheduleDigest,
  type DigestItem,
  type NotificationPrefs,
} from './notification-prefs.ts'
import { telegramPingPlan } from './ping-policy.ts'

/** The most approvals a digest names in each section (the counts cover the rest). */
const maxListed = 20
const dayMs = 24 * 3_600_000

/** Counts of one pass over the due digests. */
export interface DigestPass {
  claimed: number
  sent: number
  /** Nothing waited, the digest was switched off, or no channel reaches the user. */
  skipped: number
  retried: number
}

/** What waits for `userId`: pending approvals where they may answer now, and their returned ones. */
export async function digestOf(deps: OutboxDeps, memberId: string, userId: UserId): Promise<Digest> {
  const actor = { userId, isAdmin: false }
  const read = async (role: 'approver' | 'initiator', status: 'pending' | 'returned') =>
    (await listApprovals(deps.store, memberId, actor, { role, status, limit: 100 })).items
  const waiting = (await read('approver', 'pending')).filter((a) => findDecisionSeat(a, userId).ok)
  const returned = await read('initiator', 'returned')
  const links = await approvalLinks(deps.store, deps.links, memberId)
  const entry = (a: Approval): DigestEntry => ({ title: a.title, url: links.full(a.id) })
  return {
    waiting: waiting.slice(0, maxListed).map(entry),
    waitingCount: waiting.length,
    returned: returned.slice(0, maxListed).map(entry),
    returnedCount: returned.length,
  }
}

/** The digest as a Bitrix24 notification in `language`. */
export function digestNotice(digest: Digest, language: 'ru' | 'en'): NoticePart[] {
  const ru = language === 'ru'
  const parts: NoticePart[] = [ru ? 'Ваши согласования на сегодня.' : 'Your approvals today.']
  const section = (label: string, entries: DigestEntry[], count: number) => {
    if (count === 0) return
    parts.push(`\n${label}: ${count}`)
    for (const e of entries) parts.push('\n• ', { url: e.url, label: e.title })
  }
  section(ru ? 'Ждут вашего ответа' : 'Waiting for your answer', digest.waiting, digest.waitingCount)
  section(ru ? 'Возвращены вам на доработку' : 'Returned to you for revision', digest.returned, digest.returnedCount)
  return parts
}

type Outcome = 'sent' | 'skipped' | { retryAt: number }

async function deliver(deps: OutboxDeps, item: DigestItem, prefs: NotificationPrefs, now: Date): Promise<Outcome> {
  const { memberId, userId } = item
  const digest = await digestOf(deps, memberId, userId)
  if (digest.waitingCount + digest.returnedCount === 0) return 'skipped'
  const day = localDateOf(now, prefs.timeZone)
  const plan = await telegramPingPlan(deps.store, memberId, userId, now)
  if (plan.kind === 'defer') return { retryAt: plan.at.getTime() }
  if (plan.kind === 'send' && deps.messenger) {
    const idempotencyKey = `digest:${userId}:${day}`
    const result = await deps.messenger.tellDigest({ memberId, userId, digest, idempotencyKey })
    if (result === 'delivered') return 'sent'
  }
  if (!prefs.channels.bitrix24) return 'skipped'
  const mark = tenantKey(memberId, 'digest-notice', String(userId), day)
  if (!(await deps.store.putIfAbsent(mark, true, 2 * dayMs))) return 'sent'
  const language = prefs.language ?? (await loadSettings(deps.store, memberId)).language
  const portal = await deps.directory.portal(memberId)
  await portal.notifications.send({ userId, parts: digestNotice(digest, language) })
  return 'sent'
}

async function runOne(deps: OutboxDeps, item: QueueItem<DigestItem>): Promise<keyof Omit<DigestPass, 'claimed'>> {
  const now = new Date(deps.clock.now())
  try {
    const prefs = await findPrefs(deps.store, item.payload.memberId, item.payload.userId)
    if (!prefs?.digest.isEnabled) {
      await deps.store.ack(digestQueue, item.id, item.claimToken)
      return 'skipped'
    }
    const outcome = await deliver(deps, item.payload, prefs, now)
    if (typeof outcome === 'object') {
      await deps.store.retryAt(digestQueue, item.id, item.claimToken, outcome.retryAt)
      return 'retried'
    }
    // Replaces the claimed item with tomorrow's.
    await scheduleDigest(deps.store, item.payload, prefs, now)
    return outcome
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.warn(`digests: ${item.id} failed (attempt ${item.attempts}), retrying: ${message}`)
    await deps.store.retryAt(digestQueue, item.id, item.claimToken, now.getTime() + backoffMs(item.attempts))
    return 'retried'
  }
}

/** Claims up to `limit` due digests and sends them one after another. */
export async function runDueDigests(deps: OutboxDeps, limit: number): Promise<DigestPass> {
  const items = await deps.store.claim<DigestItem>(digestQueue, { now: deps.clock.now(), leaseMs: 60_000, limit })
  const pass: DigestPass = { claimed: items.length, sent: 0, skipped: 0, retried: 0 }
  for (const item of items) pass[await runOne(deps, item)] += 1
  return pass
}
