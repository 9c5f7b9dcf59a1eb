/**
 * @module Delivering one received lead to Bitrix24 (issue 20, "Delivery"), step by step, each step recorded in the
 * record's ledger before and after it runs, so a retry repeats only what did not happen: the repeat-customer
 * lookup, `create` (after a lost answer the lead is looked up by its origin id, never created twice), the files
 * into the app's Disk storage, the timeline comment carrying the files (looked up by the receipt marker after a
 * lost answer), and the Telegram notices (idempotent by key). Runs under the receipt's lease.
 */
import { leadDraftOf, receiptMarker, type LeadRecord } from '../../domain/leads/index.ts'
import { AppError } from '../../ports/errors.ts'
import type { Clock } from '../../ports/clock.ts'
import type { Messenger } from '../../ports/messenger.ts'
import type { LeadFileContent } from '../../ports/portal-leads.ts'
import type { Portal } from '../../ports/portal.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { loadLead, readFileBase64, saveLead } from './lead-records.ts'

/** What delivery needs; `messenger` is absent until a bot is configured (then nobody is told in Telegram). */
export interface DeliveryDeps {
  store: Store
  clock: Clock
  directory: PortalDirectory
  messenger?: Messenger
}

/** How a run ended: delivered, nothing to do (no record: never committed, or purged), or another run holds it. */
export type DeliveryOutcome = 'delivered' | 'missing' | 'busy'

const LEASE_MS = 120_000

/** The record under the lease, with a save that keeps its version. */
class Tracked {
  constructor(
    private readonly deps: DeliveryDeps,
    private readonly memberId: string,
    public record: LeadRecord,
    private version: number,
  ) {}

  async save(change: (record: LeadRecord) => void): Promise<void> {
    const next = structuredClone(this.record)
    change(next)
    const version = await saveLead(this.deps.store, this.memberId, next, this.version)
    if (version === null) throw new AppError('LEAD_CHANGED', 'The lead record changed during delivery')
    this.record = next
    this.version = version
  }
}

async function files(deps: DeliveryDeps, memberId: string, record: LeadRecord): Promise<LeadFileContent[]> {
  const contents: LeadFileContent[] = []
  for (const [index, file] of record.files.entries()) {
    const contentBase64 = await readFileBase64(deps.store, memberId, record.receiptId, index, file.chunks)
    contents.push({ name: file.name, contentBase64 })
  }
  return contents
}

async function ensureLead(portal: Portal, lead: Tracked, now: () => number): Promise<number> {
  const { record } = lead
  if (record.site.repeatCustomer === 'attach' && !record.ledger.repeat) {
    const found = await portal.leads.findRepeatCustomer(record.submission)
    const repeat = { leadId: found.leadIds.at(-1) ?? null, contactId: found.contactIds[0] ?? null }
    await lead.save((r) => void (r.ledger.repeat = repeat))
  }
  const { ledger } = lead.record
  if (ledger.leadId) return ledger.leadId
  if (ledger.repeat?.leadId) {
    const leadId = ledger.repeat.leadId
    await lead.save((r) => Object.assign(r.ledger, { leadId, attachedToExisting: true }))
    return leadId
  }
  const found = ledger.createSentAt ? await portal.leads.findByOrigin(record.receiptId) : null
  if (found) {
    await lead.save((r) => void (r.ledger.leadId = found))
    return found
  }
  await lead.save((r) => void (r.ledger.createSentAt = now()))
  const leadId = await portal.leads.create(leadDraftOf(lead.record, ledger.repeat?.contactId ?? null))
  await lead.save((r) => void (r.ledger.leadId = leadId))
  return leadId
}

async function storeFiles(portal: Portal, lead: Tracked, contents: LeadFileContent[]) {
  for (const [index, file] of contents.entries()) {
    const stored = lead.record.ledger.storedFiles ?? []
    if (stored === 'no-app-storage' || stored.includes(index)) continue
    const name = `${lead.record.receiptId}-${index + 1}-${file.name}`
    const result = await portal.leads.storeFile({ name, contentBase64: file.contentBase64 })
    await lead.save((r) => void (r.ledger.storedFiles = result === 'no-app-storage' ? result : [...stored, index]))
  }
}

function commentText(record: LeadRecord): string {
  const { submission } = record
  const lines = record.ledger.attachedToExisting
    ? [
        `${submission.name}${submission.phone ? `, ${submission.phone}` : ''}${submission.email ? `, ${submission.email}` : ''}`,
        ...(submission.message ? [submission.message] : []),
      ]
    : []
  const files = record.files.map((f) => f.name).join(', ')
  return [`${record.site.name}`, ...lines, ...(files ? [files] : []), receiptMarker(record.receiptId)].join('\n')
}

async function attach(portal: Portal, lead: Tracked, leadId: number, contents: LeadFileContent[], now: () => number) {
  const { record } = lead
  if (record.ledger.commentId || (contents.length === 0 && !record.ledger.attachedToExisting)) return
  if (record.ledger.commentSentAt && (await portal.leads.hasComment(leadId, receiptMarker(record.receiptId)))) {
    await lead.save((r) => void (r.ledger.commentId = -1))
    return
  }
  await lead.save((r) => void (r.ledger.commentSentAt = now()))
  const commentId = await portal.leads.comment(leadId, { text: commentText(lead.record), files: contents })
  await lead.save((r) => void (r.ledger.commentId = commentId))
}

async function notify(deps: DeliveryDeps, memberId: string, lead: Tracked, leadUrl: string) {
  if (!deps.messenger) return
  const { record } = lead
  const { submission } = record
  const notice = {
    ...{ siteName: record.site.name, title: leadDraftOf(record, null).title, name: submission.name },
    ...{ phone: submission.phone ?? null, email: submission.email ?? null, message: submission.message ?? null },
    ...{ fileNames: record.files.map((f) => f.name), leadUrl, isRepeat: record.ledger.attachedToExisting === true },
  }
  for (const userId of record.site.notifyUserIds) {
    if (lead.record.ledger.notified?.includes(userId)) continue
    const idempotencyKey = `lead:${record.receiptId}:${userId}`
    await deps.messenger.tellAboutLead({ memberId, userId, notice, idempotencyKey })
    await lead.save((r) => void (r.ledger.notified = [...(r.ledger.notified ?? []), userId]))
  }
}

async function run(deps: DeliveryDeps, memberId: string, lead: Tracked) {
  const now = () => deps.clock.now()
  const portal = await deps.directory.portal(memberId)
  const contents = await files(deps, memberId, lead.record)
  const leadId = await ensureLead(portal, lead, now)
  await storeFiles(portal, lead, contents)
  await attach(portal, lead, leadId, contents, now)
  const leadUrl = await portal.leads.leadUrl(leadId)
  await notify(deps, memberId, lead, leadUrl)
  await lead.save((r) => {
    Object.assign(r, { status: 'delivered', deliveredAt: new Date(now()).toISOString(), leadUrl })
    delete r.lastError
  })
}

function failure(error: unknown) {
  const code = error instanceof AppError ? error.code : 'INTERNAL'
  const message = error instanceof Error ? error.message.slice(0, 300) : 'Unknown error'
  return { code, message }
}

/**
 * Delivers the receipt unless it is delivered already. A failure is written to the record (status `failing`,
 * the reason) and rethrown for the queue to retry with backoff.
 */
export async function deliverLead(deps: DeliveryDeps, memberId: string, receiptId: string): Promise<DeliveryOutcome> {
  const lease = tenantKey(memberId, 'lead-lease', receiptId)
  const holder = `${deps.clock.now()}-${Math.random()}`
  if (!(await deps.store.acquireLease(lease, holder, LEASE_MS))) return 'busy'
  try {
    const stored = await loadLead(deps.store, memberId, receiptId)
    if (!stored) return 'missing'
    if (stored.value.status === 'delivered') return 'delivered'
    const lead = new Tracked(deps, memberId, stored.value, stored.version)
    try {
      await run(deps, memberId, lead)
      return 'delivered'
    } catch (error) {
      const at = new Date(deps.clock.now()).toISOString()
      await lead.save((r) =>
        Object.assign(r, { status: 'failing', attempts: r.attempts + 1, lastError: { ...failure(error), at } }),
      )
      throw error
    }
  } finally {
    await deps.store.releaseLease(lease, holder)
  }
}
