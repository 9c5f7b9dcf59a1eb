/**
 * @module The one portal of webhook mode: its address comes from `BITRIX24_WEBHOOK_URL` (so no other host is ever
 * called), its `member_id` and the code of the application whose page opens the app are pinned on first sight —
 * the member_id from the first authenticated outgoing-webhook event or verified frame, the code from the first
 * verified frame — and every later frame must agree with both.
 */
import { AuthError } from '../ports/errors.ts'
import type { PortalAddress } from '../ports/portal.ts'
import { globalKey, type Store } from '../ports/store.ts'

/** What webhook mode pins about its portal. */
export interface WebhookPortalRecord {
  memberId: string
  /** The code (`client_id`) of the local application that shows the app's page; null until a frame was verified. */
  appCode: string | null
}

const recordKey = globalKey('webhook-portal')

/** The portal's host and REST root, from the incoming webhook's URL `https://<portal>/rest/<user>/<code>/`. */
export function webhookPortalAddress(webhookUrl: string): Omit<PortalAddress, 'memberId'> {
  const url = new URL(webhookUrl)
  return { domain: url.host, clientEndpoint: `${url.protocol}//${url.host}/rest/` }
}

/** The pinned record; null before the first event or frame. */
export async function loadWebhookPortal(store: Store): Promise<WebhookPortalRecord | null> {
  return (await store.get<WebhookPortalRecord>(recordKey))?.value ?? null
}

/** What pinning found: the values agree (or were pinned now), or another portal or application is pinned. */
export type PinOutcome = 'pinned' | 'another-portal' | 'another-app'

/**
 * Pins `memberId` (and `appCode`, when given and none is pinned yet) unless another member_id is pinned.
 * Concurrent first callers agree on one winner (compare-and-set).
 */
export async function pinWebhookPortal(store: Store, memberId: string, appCode?: string): Promise<PinOutcome> {
  for (;;) {
    const stored = await store.get<WebhookPortalRecord>(recordKey)
    const record = stored?.value
    if (record && record.memberId !== memberId) return 'another-portal'
    if (record && appCode !== undefined && record.appCode !== null && record.appCode !== appCode) return 'another-app'
    if (record && (appCode === undefined || record.appCode === appCode)) return 'pinned'
    const next = { memberId, appCode: appCode ?? record?.appCode ?? null }
    if ((await store.compareAndSet(recordKey, next, stored?.version ?? 0)) !== null) return 'pinned'
  }
}

/**
 * Pins what a verified frame names.
 * @throws AuthError `PORTAL_NOT_INSTALLED` when another member_id is pinned; `TOKEN_OF_ANOTHER_APP` when another
 * application's code is pinned.
 */
export async function pinWebhookFrame(store: Store, memberId: string, appCode: string | undefined): Promise<void> {
  const outcome = await pinWebhookPortal(store, memberId, appCode)
  if (outcome === 'another-portal')
    throw new AuthError('PORTAL_NOT_INSTALLED', 'The app is connected to another portal')
  if (outcome === 'another-app')
    throw new AuthError('TOKEN_OF_ANOTHER_APP', 'The token was not issued to this application')
}
