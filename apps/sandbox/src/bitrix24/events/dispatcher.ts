/**
 * @module Event delivery as a real portal does it (§4): form-encoded bracketed POSTs with `event`,
 * `event_handler_id`, `data`, `ts` and the `auth` block; nothing before `installFinish`; one attempt,
 * no retry (§4.2); offline bindings keep only the latest state per object (§4.6).
 */
import qs from 'qs'
import { formatB24Date } from '../b24-date.ts'
import { clientEndpoint, serverEndpoint, type DeliveryRecord, type Portal } from '../portal.ts'
import { nextId } from '../state.ts'
import { issueTokens } from '../tokens.ts'

/** Which token and keys go into the `auth` block. */
export interface EventAuthOptions {
  /** User whose token is sent; null for events without tokens (`ONAPPUNINSTALL`, §1.5). */
  userId: number | null
  scope: string
  includeRefreshToken: boolean
}

/** The `auth` block of §4.3, keys in the order of the reference wire sample. */
export function eventAuth(portal: Portal, options: EventAuthOptions): Record<string, string> {
  const base = {
    domain: portal.urls.domain,
    server_endpoint: serverEndpoint(portal),
    client_endpoint: clientEndpoint(portal),
    member_id: portal.state.memberId,
    application_token: portal.state.app.applicationToken,
  }
  if (options.userId === null) return base
  const tokens = issueTokens(portal, options.userId)
  const auth: Record<string, string> = {
    access_token: tokens.access_token,
    expires: String(tokens.expires),
    expires_in: String(tokens.expires_in),
    scope: options.scope,
    domain: base.domain,
    server_endpoint: base.server_endpoint,
    status: portal.state.app.status,
    client_endpoint: base.client_endpoint,
    member_id: base.member_id,
    user_id: String(options.userId),
  }
  if (options.includeRefreshToken) auth['refresh_token'] = tokens.refresh_token
  auth['application_token'] = base.application_token
  return auth
}

/** Encodes a payload the way PHP's `http_build_query` does (bracketed keys, RFC 3986 escaping). */
export function encodeForm(payload: Record<string, unknown>): string {
  return qs.stringify(payload, { encodeValuesOnly: false, arrayFormat: 'indices' })
}

function record(portal: Portal, entry: Omit<DeliveryRecord, 'id' | 'at'>): DeliveryRecord {
  const full = { id: portal.deliveries.length + 1, at: formatB24Date(portal.now()), ...entry }
  portal.deliveries.push(full)
  if (portal.deliveries.length > 5000) portal.deliveries.splice(0, portal.deliveries.length - 5000)
  return full
}

async function post(portal: Portal, delivery: DeliveryRecord): Promise<void> {
  try {
    const response = await fetch(delivery.handler, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Bitrix24 Webhook Engine' },
      body: delivery.body,
      signal: AbortSignal.timeout(portal.knobs.deliveryTimeoutMs),
    })
    delivery.status = response.status
    if (!response.ok) delivery.error = `HTTP ${response.status}`
    await response.body?.cancel()
  } catch (error) {
    // Bitrix24 logs a failed delivery and drops the event: no retry (§4.2).
    delivery.error = error instanceof Error ? error.message : String(error)
  }
}

/** Whether a `loseNextDeliveries` rule takes this online delivery (counting it down). */
function takeLoss(portal: Portal, event: string): boolean {
  const rule = portal.knobs.losses.find((r) => r.times > 0 && (r.event === '*' || r.event === event))
  if (!rule) return false
  rule.times -= 1
  portal.knobs.losses = portal.knobs.losses.filter((r) => r.times > 0)
  return true
}

/** POSTs one form body to a handler once, in the background; `flushEvents` awaits it. */
export function deliver(
  portal: Portal,
  kind: DeliveryRecord['kind'],
  event: string,
  handler: string,
  body: string,
): DeliveryRecord {
  const delivery = record(portal, { kind, event, handler, body, status: null, error: null })
  if (kind === 'event' && takeLoss(portal, event)) {
    delivery.error = 'lost on the way (loseNextDeliveries)'
    return delivery
  }
  const promise = post(portal, delivery).finally(() => portal.pending.delete(promise))
  portal.pending.add(promise)
  return delivery
}

/** What happened to the portal: an event code, its `data`, who did it, and the object for offline keying. */
export interface PortalEvent {
  event: string
  data: unknown
  userId: number
  scope: string
  objectKey: string
}

function queueOffline(portal: Portal, fired: PortalEvent): void {
  const { offlineEvents } = portal.state
  const existing = offlineEvents.find(
    (e) => e.EVENT_NAME === fired.event && e.MESSAGE_ID === fired.objectKey && !e.processId,
  )
  const row = existing ?? {
    ID: nextId(portal.state, 'offline'),
    TIMESTAMP_X: '',
    EVENT_NAME: fired.event,
    EVENT_DATA: null,
    EVENT_ADDITIONAL: false,
    MESSAGE_ID: fired.objectKey,
    processId: null,
    error: false,
  }
  row.TIMESTAMP_X = formatB24Date(portal.now())
  row.EVENT_DATA = fired.data
  if (!existing) offlineEvents.push(row)
  noticeOffline(portal, fired.userId)
}

const lastOfflineNotice = new WeakMap<Portal, number>()

/** `ONOFFLINEEVENT` (§4.6): empty `data`, `refresh_token` in `auth`, at most one per `minTimeout` seconds. */
function noticeOffline(portal: Portal, userId: number): void {
  for (const binding of portal.state.eventBindings.filter((b) => b.event === 'ONOFFLINEEVENT' && !b.offline)) {
    const minTimeout = Number(binding.options['minTimeout'] ?? 1)
    const last = lastOfflineNotice.get(portal) ?? 0
    if (minTimeout > 0 && portal.now() - last < minTimeout * 1000) continue
    lastOfflineNotice.set(portal, portal.now())
    const auth = eventAuth(portal, { userId: binding.authType || userId, scope: 'basic', includeRefreshToken: true })
    const payload = { event: 'ONOFFLINEEVENT', event_handler_id: String(binding.id), data: [], ts: tsNow(portal), auth }
    deliver(portal, 'event', 'ONOFFLINEEVENT', binding.handler, encodeForm(payload))
  }
}

/** Fires an event to every handler the app bound for it — only once the app is installed (§1.3). */
export function fireEvent(portal: Portal, fired: PortalEvent): void {
  sendToOutgoingWebhooks(portal, fired)
  const app = portal.state.app
  if (!app.installed || !app.active) return
  for (const binding of portal.state.eventBindings.filter((b) => b.event === fired.event)) {
    if (binding.offline) {
      queueOffline(portal, fired)
      continue
    }
    const userId = binding.authType > 0 ? binding.authType : fired.userId
    const auth = eventAuth(portal, {
      userId,
      scope: fired.scope,
      includeRefreshToken: portal.knobs.eventsIncludeRefreshToken,
    })
    const payload = {
      event: fired.event,
      event_handler_id: String(binding.id),
      data: fired.data,
      ts: tsNow(portal),
      auth,
    }
    deliver(portal, 'event', fired.event, binding.handler, encodeForm(payload))
  }
  portal.persist()
}

/**
 * Outgoing webhooks (§4.7) get the same payload, but `auth` holds only `domain`, `client_endpoint`,
 * `server_endpoint`, `member_id` and the webhook's own `application_token`; they do not depend on the app.
 */
function sendToOutgoingWebhooks(portal: Portal, fired: PortalEvent): void {
  for (const hook of portal.state.outgoingWebhooks.filter((h) => h.events.includes(fired.event))) {
    const auth = {
      domain: portal.urls.domain,
      client_endpoint: clientEndpoint(portal),
      server_endpoint: serverEndpoint(portal),
      member_id: portal.state.memberId,
      application_token: hook.applicationToken,
    }
    const payload = { event: fired.event, event_handler_id: String(hook.id), data: fired.data, ts: tsNow(portal), auth }
    deliver(portal, 'event', fired.event, hook.handler, encodeForm(payload))
  }
}

/** `ts` of a payload: unix seconds as a string. */
export function tsNow(portal: Portal): string {
  return String(Math.floor(portal.now() / 1000))
}
