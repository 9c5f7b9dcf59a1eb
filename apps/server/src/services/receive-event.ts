/**
 * @module Event intake (`/api/b24/events`): authenticate by `auth[application_token]` (constant time; webhook
 * mode: the outgoing-webhook token), then install, uninstall or store the event in the inbox. An unknown portal
 * or a wrong token changes nothing.
 * @see https://apidocs.bitrix24.com/api-reference/events/safe-event-handlers.html
 */
import { AuthError, ValidationError } from '../ports/errors.ts'
import type { Clock } from '../ports/clock.ts'
import type { SecretBox } from '../ports/secret-box.ts'
import type { Store } from '../ports/store.ts'
import { persistEvent } from './event-inbox.ts'
import { registerPortal, type InstallDeps } from './install-portal.ts'
import { loadPortalRecord, openApplicationToken, portalAddress, updatePortalRecord } from './portal-records.ts'
import { isSameSecret } from './secret-compare.ts'
import { pinWebhookPortal } from './webhook-portal.ts'
import { uninstallPortal } from './uninstall-portal.ts'

/** An event as the route validated it, its `auth` block in our words. */
export interface IncomingEvent {
  event: string
  eventHandlerId: string | undefined
  data: unknown
  ts: string | undefined
  /** Whether an uninstall asked to delete the app's data (`data[CLEAN]=1`). */
  isCleanUninstall: boolean
  auth: {
    memberId: string
    applicationToken?: string | undefined
    accessToken?: string | undefined
    refreshToken?: string | undefined
    expiresInSeconds?: number | undefined
    domain?: string | undefined
    serverEndpoint?: string | undefined
    userId?: number | undefined
  }
}

/** How events are authenticated: per portal (app mode) or with one outgoing-webhook token. */
export type EventAuthMode = { kind: 'oauth'; install: InstallDeps } | { kind: 'webhook'; outgoingWebhookToken: string }

/** What event intake needs. */
export interface ReceiveEventDeps {
  store: Store
  clock: Clock
  secretBox: SecretBox
  mode: EventAuthMode
}

/** What happened to an event. */
export type EventOutcome = 'stored' | 'duplicate' | 'installed' | 'uninstalled'

const notAuthentic = () => new AuthError('EVENT_NOT_AUTHENTIC', 'The event is not from a portal that installed the app')

/** Pins the application token from an event whose access token the portal confirms belongs to this app. */
async function pinApplicationToken(
  deps: ReceiveEventDeps & { mode: { kind: 'oauth' } },
  event: Pick<IncomingEvent, 'auth'>,
) {
  const { auth } = event
  const record = await loadPortalRecord(deps.store, auth.memberId)
  if (!record || !auth.accessToken || !auth.applicationToken) throw notAuthentic()
  const portal = deps.mode.install.connector.forUserToken(portalAddress(record.value), auth.accessToken)
  await portal.app.tokenHolder(deps.mode.install.clientId)
  const sealed = deps.secretBox.seal(auth.applicationToken)
  await updatePortalRecord(deps.store, auth.memberId, (r) =>
    r.sealedApplicationToken ? null : { ...r, sealedApplicationToken: sealed },
  )
}

/**
 * Checks that a delivery (an event, a robot call) comes from a portal that installed the app: its
 * `auth[application_token]` equals the stored one (constant time; pinned on first sight from a token the portal
 * confirms), or in webhook mode the outgoing-webhook token. Nothing is stored when it does not.
 * @throws AuthError `EVENT_NOT_AUTHENTIC` for an unknown or uninstalled portal or a missing or wrong token.
 */
export async function authenticateDelivery(deps: ReceiveEventDeps, event: Pick<IncomingEvent, 'auth'>): Promise<void> {
  const given = event.auth.applicationToken
  if (deps.mode.kind === 'webhook') {
    if (!isSameSecret(given, deps.mode.outgoingWebhookToken)) throw notAuthentic()
    // The webhook's own events name the portal: the first one pins its member_id for the app's frames.
    await pinWebhookPortal(deps.store, event.auth.memberId)
    return
  }
  const record = await loadPortalRecord(deps.store, event.auth.memberId)
  if (!record || record.value.status === 'uninstalled') throw notAuthentic()
  let expected = openApplicationToken(deps.secretBox, record.value)
  if (expected === null && given) {
    await pinApplicationToken({ ...deps, mode: deps.mode }, event)
    const pinned = await loadPortalRecord(deps.store, event.auth.memberId)
    expected = pinned && openApplicationToken(deps.secretBox, pinned.value)
  }
  if (expected === null || !isSameSecret(given, expected)) throw notAuthentic()
}

async function onAppInstall(deps: ReceiveEventDeps, event: IncomingEvent): Promise<void> {
  if (deps.mode.kind !== 'oauth') throw notAuthentic()
  const { auth } = event
  if (!auth.accessToken || !auth.refreshToken || !auth.domain) {
    throw new ValidationError('VALIDATION_FAILED', 'ONAPPINSTALL without auth tokens')
  }
  await registerPortal(deps.mode.install, {
    memberId: auth.memberId,
    domain: auth.domain,
    accessToken: auth.accessToken,
    refreshToken: auth.refreshToken,
    expiresInSeconds: auth.expiresInSeconds ?? 3600,
    serverEndpoint: auth.serverEndpoint,
    applicationToken: auth.applicationToken,
  })
}

/**
 * Authenticates an event and acts on it: `ONAPPINSTALL` registers the portal (trust anchor), `ONAPPUNINSTALL`
 * uninstalls it (deleting the app's data when asked), anything else goes to the inbox once (a repeated delivery is a `duplicate`).
 * `ONAPPINSTALL` is stored in the inbox too, so its handler binds what the app needs after the answer.
 * @throws AuthError `EVENT_NOT_AUTHENTIC` (unknown portal, missing or wrong application_token) and the install
 * errors for `ONAPPINSTALL`; nothing is stored then.
 */
export async function receiveEvent(deps: ReceiveEventDeps, event: IncomingEvent): Promise<EventOutcome> {
  if (event.event === 'ONAPPINSTALL') await onAppInstall(deps, event)
  else await authenticateDelivery(deps, event)
  if (event.event === 'ONAPPUNINSTALL') {
    const connector = deps.mode.kind === 'oauth' ? deps.mode.install.connector : undefined
    await uninstallPortal(
      { store: deps.store, clock: deps.clock, connector },
      event.auth.memberId,
      event.isCleanUninstall,
    )
    return 'uninstalled'
  }
  const { isNew } = await persistEvent(deps, {
    memberId: event.auth.memberId,
    event: event.event,
    eventHandlerId: event.eventHandlerId,
    data: event.data,
    ts: event.ts,
    userId: event.auth.userId,
  })
  if (event.event === 'ONAPPINSTALL') return 'installed'
  return isNew ? 'stored' : 'duplicate'
}
