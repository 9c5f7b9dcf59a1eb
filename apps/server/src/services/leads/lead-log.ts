/**
 * @module The delivery log of the Websites page (issue 20): received leads newest first with their state — received,
 * delivered (with the link to the lead), failing (with the reason) — and the retry of a failing one.
 */
import type { LeadRecord } from '../../domain/leads/index.ts'
import { NotFoundError } from '../../ports/errors.ts'
import type { Store } from '../../ports/store.ts'
import { armDelivery, leadLogIndex, loadLead, type LeadDeliveryItem } from './lead-records.ts'

/** One line of the log. */
export interface LeadLogEntry {
  receiptId: string
  siteKey: string
  siteName: string
  receivedAt: string
  name: string
  status: LeadRecord['status']
  attempts: number
  fileNames: string[]
  leadUrl: string | null
  lastError: LeadRecord['lastError'] | null
}

function entryOf(record: LeadRecord): LeadLogEntry {
  return {
    ...{ receiptId: record.receiptId, siteKey: record.site.key, siteName: record.site.name },
    ...{ receivedAt: record.receivedAt, name: record.submission.name, status: record.status },
    ...{ attempts: record.attempts, fileNames: record.files.map((f) => f.name) },
    ...{ leadUrl: record.leadUrl ?? null, lastError: record.lastError ?? null },
  }
}

/** One page of the portal's log, newest first. */
export async function listLeadLog(store: Store, memberId: string, options: { limit: number; cursor?: string }) {
  const page = await store.indexPage(leadLogIndex(memberId), { ...options, reverse: true })
  const records = await Promise.all(page.entries.map((entry) => loadLead(store, memberId, entry.member)))
  const entries = records.flatMap((stored) => (stored ? [entryOf(stored.value)] : []))
  return { entries, ...(page.cursor ? { cursor: page.cursor } : {}) }
}

/**
 * Makes a lead not yet delivered due now and starts its delivery. @throws NotFoundError `LEAD_NOT_FOUND`;
 * a delivered lead is left as it is.
 */
export async function retryLead(
  deps: { store: Store; clock: { now(): number }; kick(item: LeadDeliveryItem): void },
  memberId: string,
  receiptId: string,
): Promise<LeadLogEntry> {
  const stored = await loadLead(deps.store, memberId, receiptId)
  if (!stored) throw new NotFoundError('LEAD_NOT_FOUND', 'No such received lead')
  if (stored.value.status !== 'delivered') {
    const item = { memberId, receiptId, chunks: stored.value.files.map((f) => f.chunks) }
    await armDelivery(deps.store, item, deps.clock.now() + 15_000)
    deps.kick(item)
  }
  return entryOf(stored.value)
}
