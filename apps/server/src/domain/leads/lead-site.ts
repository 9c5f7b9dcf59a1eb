/**
 * @module A website whose form sends leads (issue 20): its key, name, allowed origins, the lead's responsible user,
 * the source description, the title template, who gets a Telegram notice, and what to do with a repeat customer.
 * The shared zod schema of the Websites page and the sites API.
 */
import { z } from 'zod'

/** The default lead title; `{name}` is replaced by the sender's name. */
export const defaultLeadTitleTemplate = 'Заявка с сайта — {name}'

/** At most this many sites per portal. */
export const MAX_SITES = 50

/**
 * What happens when the phone or e-mail is already known (`crm.duplicate.findbycomm`): always a new lead, or the
 * submission goes to the existing lead (a timeline comment), else a new lead bound to the existing contact.
 */
export type RepeatCustomerPolicy = 'new-lead' | 'attach'

/** An origin as browsers send it: scheme, host and optional port, nothing else. */
export const originSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'An origin is scheme://host[:port], without a path')
  .transform((origin) => origin.toLowerCase())

/** The fields an administrator edits. */
export const siteInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  origins: z.array(originSchema).min(1).max(20),
  assignedById: z.number().int().positive(),
  sourceDescription: z.string().trim().max(200).default(''),
  titleTemplate: z.string().trim().min(1).max(200).default(defaultLeadTitleTemplate),
  notifyUserIds: z.array(z.number().int().positive()).max(20).default([]),
  repeatCustomer: z.enum(['new-lead', 'attach']).default('new-lead'),
})

/** A site as the administrator submits it. */
export type SiteInput = z.output<typeof siteInputSchema>

/** A stored site: the input plus its public key and timestamps. */
export interface LeadSite extends SiteInput {
  /** Public, unguessable key in `POST /api/leads/:siteKey`. */
  key: string
  createdAt: string
  updatedAt: string
}

/** The shape of a site key (base64url, 22 characters = 128 bits). */
export const siteKeyPattern = /^[A-Za-z0-9_-]{22}$/

/** The lead's title: the template with `{name}` replaced, at most 255 characters (Bitrix24's TITLE). */
export function renderLeadTitle(template: string, values: { name: string }): string {
  return template.replaceAll('{name}', values.name).slice(0, 255)
}

/** Whether `origin` (the request's `Origin` header) is one of the site's. */
export function isAllowedOrigin(site: Pick<LeadSite, 'origins'>, origin: string | undefined): boolean {
  return origin !== undefined && site.origins.includes(origin.toLowerCase())
}
