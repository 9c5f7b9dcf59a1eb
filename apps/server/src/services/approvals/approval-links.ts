/**
 * @module Where a link to an approval points. Inside Bitrix24 texts (tasks, comments, the CRM timeline,
 * notifications) it is the portal's `REST_APP_URI` link, `/marketplace/view/<APP_CODE>/?params[approval]=<id>`,
 * which the portal opens as the app in a slider with `PLACEMENT_OPTIONS` `{"approval":"<id>"}` (b24restdocs
 * `api-reference/widgets/universal/app-url.md`); Telegram gets the same link with the portal's address in front.
 * Without an app code (webhook mode, which has no app inside the portal) both fall back to the app's own address.
 */
import type { Store } from '../../ports/store.ts'
import { loadPortalRecord, portalStatusIndex } from '../portal-records.ts'

/** What links are made from: the app's public address, its code in the portal and, in webhook mode, the portal. */
export interface LinkConfig {
  appUrl: string
  /** The application's code in the portal (a local app's `client_id`); `null` when unknown. */
  appCode: string | null
  /** The portal's address when there is one portal (webhook mode); app mode reads it from the portal's record. */
  portalUrl?: string
}

/** The links to approvals of one portal. */
export interface ApprovalLinks {
  /** The link written into Bitrix24 texts: opens the approval in the portal's slider. */
  inPortal(approvalId: string): string
  /** The same link as a full address (Telegram, e-mail): the portal, then the app at that approval. */
  full(approvalId: string): string
  /** The app's own page of the approval, for a browser or phone outside the portal (sign-in first; issue 23). */
  standalone(approvalId: string): string
}

/** The `params` key of the `REST_APP_URI` link that names the approval (`PLACEMENT_OPTIONS.approval`). */
export const approvalParam = 'approval'

/**
 * The portal path of the `REST_APP_URI` link to an approval. The square brackets of `params[approval]` are
 * percent-encoded, so the link survives inside a BB-code `[URL=…]` tag; the portal decodes them as PHP does.
 */
export function restAppUriPath(appCode: string, approvalId: string): string {
  const key = encodeURIComponent(`params[${approvalParam}]`)
  return `/marketplace/view/${encodeURIComponent(appCode)}/?${key}=${encodeURIComponent(approvalId)}`
}

/** The app's own address of an approval: the SPA outside the portal (signed in with Bitrix24, or how to open it). */
export function bareApprovalUrl(appUrl: string, approvalId: string): string {
  return `${appUrl}/#/approvals/${encodeURIComponent(approvalId)}`
}

/** The portal's origin (`https://example.bitrix24.ru`) from its stored REST endpoint, or `null`. */
async function portalOrigin(store: Store, config: LinkConfig, memberId: string): Promise<string | null> {
  if (config.portalUrl) return new URL(config.portalUrl).origin
  const record = (await loadPortalRecord(store, memberId))?.value
  if (!record) return null
  try {
    return new URL(record.clientEndpoint).origin
  } catch {
    return `https://${record.domain}`
  }
}

/** The links to approvals of the portal `memberId`. */
export async function approvalLinks(store: Store, config: LinkConfig, memberId: string): Promise<ApprovalLinks> {
  const origin = config.appCode === null ? null : await portalOrigin(store, config, memberId)
  if (config.appCode === null || origin === null) {
    const bare = (approvalId: string) => bareApprovalUrl(config.appUrl, approvalId)
    return { inPortal: bare, full: bare, standalone: bare }
  }
  const appCode = config.appCode
  return {
    standalone: (approvalId) => bareApprovalUrl(config.appUrl, approvalId),
    inPortal: (approvalId) => restAppUriPath(appCode, approvalId),
    full: (approvalId) => `${origin}${restAppUriPath(appCode, approvalId)}`,
  }
}

/**
 * Where the app's own address (opened outside the portal) sends a person: into the one portal this deployment
 * serves (webhook mode, or app mode with exactly one connected portal, e.g. the local sandbox), at the approval
 * when one is named; `null` when it serves several portals or none, since naming one would tell strangers which
 * portals use the app.
 */
export async function portalEntryUrl(
  store: Store,
  config: LinkConfig,
  approvalId: string | null,
): Promise<string | null> {
  if (config.portalUrl) return new URL(config.portalUrl).origin
  if (config.appCode === null) return null
  const page = await store.indexPage(portalStatusIndex('connected'), { limit: 2 })
  const [only, other] = page.entries
  if (!only || other) return null
  const origin = await portalOrigin(store, config, only.member)
  if (origin === null || approvalId === null) return origin
  return `${origin}${restAppUriPath(config.appCode, approvalId)}`
}
