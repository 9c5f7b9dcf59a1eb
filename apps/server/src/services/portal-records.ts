/**
 * @module The stored record of a connected portal (`p:<member_id>:portal`) and the global status indexes that
 * `/api/health` counts. Tokens and the application token are sealed with the SecretBox before they are stored.
 */
import { globalKey, tenantKey, type Store, type Versioned } from '../ports/store.ts'
import type { SecretBox } from '../ports/secret-box.ts'
import type { PortalAddress, PortalTokens } from '../ports/portal.ts'
import { loadWebhookPortal } from './webhook-portal.ts'

/** Connection state of a portal: `needs_reauthorization` after `invalid_grant`, `uninstalled` after `CLEAN=0`. */
export type PortalStatus = 'connected' | 'needs_reauthorization' | 'uninstalled'

/** The stored portal document. Secrets are sealed (`sealed*`), everything else is safe to show to its admins. */
export interface PortalRecord {
  memberId: string
  domain: string
  /** Portal REST root as the trusted OAuth server named it. */
  clientEndpoint: string
  /** Base URL of the trusted OAuth server that vouched for the portal; tokens are refreshed only there. */
  oauthServer: string
  sealedTokens: string | null
  sealedApplicationToken: string | null
  scope: string
  /** Application status letter from Bitrix24 (`L`, `F`, `D`, `T`, `P`). */
  appStatus: string
  status: PortalStatus
  installedAt: string
  updatedAt: string
  /** The admin whose install (or last refresh) gave the stored tokens. */
  installedBy: number
}

const statuses: PortalStatus[] = ['connected', 'needs_reauthorization', 'uninstalled']

/** The key of a portal's record. */
export function portalKey(memberId: string): string {
  return tenantKey(memberId, 'portal')
}

/** The global index of portals in one status (members are member_ids, scored by the time of the change). */
export function portalStatusIndex(status: PortalStatus): string {
  return globalKey('portals', status)
}

/** The member_ids of every connected portal, read page by page from their status index. */
export async function connectedPortals(store: Store): Promise<string[]> {
  const members: string[] = []
  let cursor: string | undefined
  do {
    const page = await store.indexPage(portalStatusIndex('connected'), { limit: 100, ...(cursor ? { cursor } : {}) })
    members.push(...page.entries.map((e) => e.member))
    cursor = page.cursor
  } while (cursor !== undefined)
  return members
}

/** The member_ids of every portal this deployment serves: the connected ones, and webhook mode's pinned portal. */
export async function servedPortals(store: Store): Promise<string[]> {
  const webhookPortal = await loadWebhookPortal(store)
  const connected = await connectedPortals(store)
  return webhookPortal && !connected.includes(webhookPortal.memberId)
    ? [...connected, webhookPortal.memberId]
    : connected
}

/** Reads a portal's record; null when the portal was never installed or was purged. */
export function loadPortalRecord(store: Store, memberId: string): Promise<Versioned<PortalRecord> | null> {
  return store.get<PortalRecord>(portalKey(memberId))
}

/** Where the portal's REST API is, as stored. */
export function portalAddress(record: PortalRecord): PortalAddress {
  return { memberId: record.memberId, domain: record.domain, clientEndpoint: record.clientEndpoint }
}

/** Opens the stored token pair; null when the portal has none (webhook-only or purged). */
export function openTokens(box: SecretBox, record: PortalRecord): PortalTokens | null {
  return record.sealedTokens ? (JSON.parse(box.open(record.sealedTokens)) as PortalTokens) : null
}

/** Seals a token pair for the record. */
export function sealTokens(box: SecretBox, tokens: PortalTokens): string {
  return box.seal(JSON.stringify(tokens))
}

/** Opens the stored application token; null until one was pinned. */
export function openApplicationToken(box: SecretBox, record: PortalRecord): string | null {
  return record.sealedApplicationToken ? box.open(record.sealedApplicationToken) : null
}

/** Moves the portal into the status index of `status` (and out of the others). */
export async function indexPortalStatus(store: Store, memberId: string, status: PortalStatus, at: number) {
  for (const other of statuses) {
    if (other !== status) await store.indexRemove(portalStatusIndex(other), memberId)
  }
  await store.indexAdd(portalStatusIndex(status), memberId, at)
}

/** Removes the portal from every status index (uninstall with `CLEAN=1`). */
export async function unindexPortal(store: Store, memberId: string) {
  for (const status of statuses) await store.indexRemove(portalStatusIndex(status), memberId)
}

/**
 * Applies `change` to the stored record with compare-and-set, re-reading and re-applying on a lost race.
 * Returns the written record, or null when there is no record (or `change` returns null: nothing to write).
 */
export async function updatePortalRecord(
  store: Store,
  memberId: string,
  change: (record: PortalRecord) => PortalRecord | null,
): Promise<PortalRecord | null> {
  for (;;) {
    const current = await loadPortalRecord(store, memberId)
    if (!current) return null
    const next = change(current.value)
    if (!next) return null
    if ((await store.compareAndSet(portalKey(memberId), next, current.version)) !== null) return next
  }
}
