/**
 * @module Who delivers received leads: right after the answer (`kick`), and the cron tick for every due queue
 * item — the safety net after a crash, retries with exponential backoff while Bitrix24 is down, the clean-up of a
 * submission whose record was never written, and the removal of delivered leads after the retention period.
 */
import { LEAD_RETENTION_MS } from '../../domain/leads/index.ts'
import { RateLimitedError } from '../../ports/errors.ts'
import type { QueueItem } from '../../ports/store.ts'
import { backoffMs } from '../outbox/outbox-queue.ts'
import { deliverLead, type DeliveryDeps } from './deliver-lead.ts'
import {
  armDelivery,
  deleteChunks,
  leadDeliveryQueue,
  loadLead,
  purgeLead,
  type LeadDeliveryItem,
} from './lead-records.ts'

/** Counts of one cron pass over the lead queue. */
export interface LeadDeliveryPass {
  claimed: number
  delivered: number
  retried: number
}

/** The lead delivery runner of one process. */
export interface LeadDeliveryWorker {
  /** Delivers after the current request; a failure is left to the queue. */
  kick(item: LeadDeliveryItem): void
  /** Claims up to `limit` due items and runs them (the cron tick). */
  runDue(limit: number): Promise<LeadDeliveryPass>
}

const CLAIM_MS = 60_000

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name} ${(error as { code?: string }).code ?? ''} ${error.message}` : 'error'
}

/** After a delivered run: keep the item, due when the retention period ends (then the lead is removed). */
async function afterDelivered(deps: DeliveryDeps, item: LeadDeliveryItem): Promise<void> {
  const record = (await loadLead(deps.store, item.memberId, item.receiptId))?.value
  const deliveredAt = record?.deliveredAt ? Date.parse(record.deliveredAt) : deps.clock.now()
  await armDelivery(deps.store, item, deliveredAt + LEAD_RETENTION_MS)
}

async function runClaimed(deps: DeliveryDeps, item: QueueItem<LeadDeliveryItem>): Promise<'delivered' | 'retried'> {
  const { payload } = item
  const now = deps.clock.now()
  const record = (await loadLead(deps.store, payload.memberId, payload.receiptId))?.value
  if (!record) {
    // Never committed (the process died between the chunks and the record): remove what it left.
    await deleteChunks(deps.store, payload.memberId, payload.receiptId, payload.chunks)
    await deps.store.ack(leadDeliveryQueue, item.id, item.claimToken)
    return 'delivered'
  }
  if (record.status === 'delivered') {
    const purgeAt = Date.parse(record.deliveredAt ?? record.receivedAt) + LEAD_RETENTION_MS
    if (now >= purgeAt) {
      await purgeLead(deps.store, payload)
      await deps.store.ack(leadDeliveryQueue, item.id, item.claimToken)
    } else await deps.store.retryAt(leadDeliveryQueue, item.id, item.claimToken, purgeAt)
    return 'delivered'
  }
  try {
    const outcome = await deliverLead(deps, payload.memberId, payload.receiptId)
    if (outcome === 'busy') {
      await deps.store.retryAt(leadDeliveryQueue, item.id, item.claimToken, now + 5_000)
      return 'retried'
    }
    await deps.store.retryAt(leadDeliveryQueue, item.id, item.claimToken, now + LEAD_RETENTION_MS)
    return 'delivered'
  } catch (error) {
    const wait = Math.max(backoffMs(item.attempts), error instanceof RateLimitedError ? error.retryAfterMs : 0)
    console.warn(
      `leads: ${payload.receiptId} failed (attempt ${item.attempts}), retry in ${wait} ms: ${describe(error)}`,
    )
    await deps.store.retryAt(leadDeliveryQueue, item.id, item.claimToken, now + wait)
    return 'retried'
  }
}

/** Creates the worker; `defer` runs background work (Vercel `waitUntil`, or a logged promise). */
export function createLeadDeliveryWorker(
  deps: DeliveryDeps & { defer: (work: Promise<unknown>) => void },
): LeadDeliveryWorker {
  return {
    kick(item) {
      deps.defer(
        deliverLead(deps, item.memberId, item.receiptId)
          .then((outcome) => (outcome === 'delivered' ? afterDelivered(deps, item) : undefined))
          .catch((error: unknown) => {
            console.warn(`leads: immediate delivery of ${item.receiptId} failed, the queue retries: ${describe(error)}`)
          }),
      )
    },
    async runDue(limit) {
      const items = await deps.store.claim<LeadDeliveryItem>(leadDeliveryQueue, {
        ...{ now: deps.clock.now(), leaseMs: CLAIM_MS, limit },
      })
      const results = await Promise.all(items.map((item) => runClaimed(deps, item)))
      const delivered = results.filter((r) => r === 'delivered').length
      return { claimed: items.length, delivered, retried: items.length - delivered }
    },
  }
}
