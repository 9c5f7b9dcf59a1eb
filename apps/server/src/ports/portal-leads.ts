/**
 * @module The leads facet of the Portal port (issue 20): what lead intake asks of a portal, in the domain's words —
 * find a repeat customer by phone or e-mail, create a lead from a website (found again by its origin id after a
 * lost answer), keep files in the application's Disk storage, and attach the files and text to a lead.
 */
import type { LeadDraft } from '../domain/leads/index.ts'

/** A file's name and content (base64, no `data:` prefix). */
export interface LeadFileContent {
  name: string
  contentBase64: string
}

/** Known leads and contacts with the same phone or e-mail (each list oldest first). */
export interface RepeatCustomer {
  leadIds: number[]
  contactIds: number[]
}

/**
 * Leads from websites. Every method may throw what the {@link Portal} documents; none repeats a write by itself.
 */
export interface CrmLeads {
  /** Leads and contacts that already have this phone or e-mail. */
  findRepeatCustomer(contacts: { phone?: string; email?: string }): Promise<RepeatCustomer>
  /** Creates the lead and returns its id; the lead carries this application as originator and `draft.originId`. */
  create(draft: LeadDraft): Promise<number>
  /** The lead this application created with `originId`, or null (the lookup after a lost answer of `create`). */
  findByOrigin(originId: string): Promise<number | null>
  /**
   * Stores a file in the application's Disk storage under `name` (unique per receipt). A file already stored
   * under that name counts as stored. 'no-app-storage' when the connection has no application storage (webhook).
   */
  storeFile(file: LeadFileContent): Promise<'stored' | 'no-app-storage'>
  /** Adds a timeline comment with `files` to the lead and returns the comment's id. */
  comment(leadId: number, input: { text: string; files: LeadFileContent[] }): Promise<number>
  /** Whether the lead's timeline has a comment containing `marker` (the lookup after a lost answer). */
  hasComment(leadId: number, marker: string): Promise<boolean>
  /** The link that opens the lead in the portal. */
  leadUrl(leadId: number): Promise<string>
}
