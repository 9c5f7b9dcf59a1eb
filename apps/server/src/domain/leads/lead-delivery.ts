/**
 * @module A received lead on its way to Bitrix24 (issue 20): the stored record, its delivery state, and what the
 * CRM receives. Delivery is a ledger of steps (find the repeat customer, create the lead, store the files, attach
 * them, tell people), each done once; the record is kept until delivered and for a retention period after.
 */
import type { LeadSubmission } from './lead-submission.ts'
import { renderLeadTitle, type LeadSite } from './lead-site.ts'

/** Where a received lead is: waiting/retrying, delivered, or dropped after the retention period. */
export type LeadStatus = 'received' | 'delivered' | 'failing'

/** A file of a received lead: its cleaned name, size, detected MIME type and how many stored chunks hold it. */
export interface LeadFileMeta {
  name: string
  size: number
  mime: string
  chunks: number
}

/** What a received lead's delivery has done so far (each step once). */
export interface LeadLedger {
  /** The repeat-customer lookup: the lead to attach to, or the contact to bind; `null` when none/not asked. */
  repeat?: { leadId: number | null; contactId: number | null }
  /** `crm.lead.add` was sent at this time without an answer yet (a lost answer is looked up by the receipt). */
  createSentAt?: number
  /** The lead that holds this submission (created, or the repeat customer's). */
  leadId?: number
  /** Whether the submission went to an existing lead. */
  attachedToExisting?: boolean
  /** Indexes of files stored in the app's Disk storage ('no-app-storage': the connection has none). */
  storedFiles?: number[] | 'no-app-storage'
  /** The comment that carries the files and text was sent (and when, for a lookup after a lost answer). */
  commentSentAt?: number
  commentId?: number
  /** Who was told in Telegram (Bitrix24 user ids). */
  notified?: number[]
}

/** One received lead, as stored. */
export interface LeadRecord {
  receiptId: string
  /** The site's settings when the lead arrived (delivery follows them even if the site changes later). */
  site: LeadSite
  receivedAt: string
  origin: string
  submission: LeadSubmission
  files: LeadFileMeta[]
  status: LeadStatus
  attempts: number
  lastError?: { code: string; message: string; at: string }
  deliveredAt?: string
  /** Opens the lead in the portal, once it exists. */
  leadUrl?: string
  ledger: LeadLedger
}

/** The lead as the CRM receives it, in neutral words (the adapter maps them to Bitrix24's fields). */
export interface LeadDraft {
  title: string
  name: string
  phone?: string
  email?: string
  comments: string
  sourceDescription: string
  assignedById: number
  utm: LeadSubmission['utm']
  /** Binds the new lead to a known contact (repeat customer policy `attach`). */
  contactId?: number
  /** The receipt id: the lead's origin id, so a lost answer is found again and never created twice. */
  originId: string
}

/** Builds the new lead from the record and its site. */
export function leadDraftOf(record: LeadRecord, contactId: number | null): LeadDraft {
  const { submission, site } = record
  return {
    title: renderLeadTitle(site.titleTemplate, { name: submission.name }),
    name: submission.name,
    ...(submission.phone ? { phone: submission.phone } : {}),
    ...(submission.email ? { email: submission.email } : {}),
    comments: submission.message ?? '',
    sourceDescription: site.sourceDescription || site.name,
    assignedById: site.assignedById,
    utm: submission.utm,
    ...(contactId ? { contactId } : {}),
    originId: record.receiptId,
  }
}

/** The marker every timeline comment of a receipt carries, so a lost answer can be found again. */
export function receiptMarker(receiptId: string): string {
  return `#${receiptId}`
}

/** How long a delivered lead's local copy stays (then it and its files are removed). */
export const LEAD_RETENTION_MS = 30 * 24 * 60 * 60_000
