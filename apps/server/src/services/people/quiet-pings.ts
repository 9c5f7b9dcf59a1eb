/**
 * @module Sends the Telegram pings quiet hours held back (`ping-policy.ts`), once those hours end: an approver's
 * card in its state at that time (nothing when they no longer have to answer), or the message to the initiator.
 * Run by the cron tick; each item is claimed by one worker, and the messenger's idempotency key makes a retried
 * item send nothing twice.
 */
import { findDecisionSeat } from '../../domain/index.ts'
import type { QueueItem } from '../../ports/store.ts'
import { approvalKey, type ApprovalRecord } from '../approvals/approval-records.ts'
import { approverCardView, buildApprovalCard } from '../outbox/approval-card.ts'
import { backoffMs } from '../outbox/outbox-queue.ts'
import { cardContextOf, type OutboxDeps } from '../outbox/run-outbox.ts'
import { quietPingQueue, telegramPingPlan, type QuietPing } from './ping-policy.ts'

/** Counts of one pass over the held pings. */
export interface QuietPingPass {
  claimed: number
  sent: number
  /** Left out: the approval is gone or closed for them, or they switched Telegram off. */
  dropped: number
  /** Held again (quiet hours moved) or retried after a failure. */
  retried: number
}

async function send(deps: OutboxDeps, ping: QuietPing): Promise<boolean> {
  const messenger = deps.messenger
  const approval = (await deps.store.get<ApprovalRecord>(approvalKey(ping.memberId, ping.approvalId)))?.value.approval
  if (!messenger || !approval) return false
  const { cards } = await cardContextOf(deps, ping.memberId)
  const { idempotencyKey } = ping
  if (ping.to === 'approver-files') {
    if (!findDecisionSeat(approval, ping.userId).ok) return false
    const attachments = approval.attachments ?? []
    const target = { memberId: ping.memberId, approvalId: ping.approvalId, userId: ping.userId }
    await messenger.sendAttachments({ ...target, attachments, idempotencyKey })
    return true
  }
  if (ping.to === 'approver') {
    if (!findDecisionSeat(approval, ping.userId).ok) return false
    const view = approverCardView(approval, ping.userId, cards)
    await messenger.deliverCard({ view, userId: ping.userId, reason: ping.reason, idempotencyKey })
    return true
  }
  const card = buildApprovalCard(approval, cards)
  const input = { card, timeZone: cards.timeZone, event: ping.event, outcome: ping.outcome, idempotencyKey }
  await messenger.tellInitiator(input)
  return true
}

async function runOne(deps: OutboxDeps, item: QueueItem<QuietPing>): Promise<keyof Omit<QuietPingPass, 'claimed'>> {
  const ping = item.payload
  const now = deps.clock.now()
  try {
    const plan = await telegramPingPlan(deps.store, ping.memberId, ping.userId, new Date(now))
    if (plan.kind === 'defer') {
      await deps.store.retryAt(quietPingQueue, item.id, item.claimToken, plan.at.getTime())
      return 'retried'
    }
    const isSent = plan.kind === 'send' && (await send(deps, ping))
    await deps.store.ack(quietPingQueue, item.id, item.claimToken)
    return isSent ? 'sent' : 'dropped'
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.warn(`quiet pings: ${item.id} failed (attempt ${item.attempts}), retrying: ${message}`)
    await deps.store.retryAt(quietPingQueue, item.id, item.claimToken, now + backoffMs(item.attempts))
    return 'retried'
  }
}

/** Claims up to `limit` pings whose quiet hours ended and sends them one after another. */
export async function runDueQuietPings(deps: OutboxDeps, limit: number): Promise<QuietPingPass> {
  const now = deps.clock.now()
  const items = await deps.store.claim<QuietPing>(quietPingQueue, { now, leaseMs: 60_000, limit })
  const pass: QuietPingPass = { claimed: items.length, sent: 0, dropped: 0, retried: 0 }
  for (const item of items) pass[await runOne(deps, item)] += 1
  return pass
}
