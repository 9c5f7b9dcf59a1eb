/**
 * @module The install handshake of a local application (§1): opening the app frame with fresh tokens
 * (§1.2 fields, §6.1 frame name, §6.5 init data), `installFinish` (§1.3: INSTALLED, `ONAPPINSTALL`,
 * event delivery starts), the API-only install callback (§1.1), and uninstall with `ONAPPUNINSTALL` (§1.5).
 */
import { randomHex } from './seed.ts'
import { appScope, serverEndpoint, type Portal } from './portal.ts'
import { deliver, encodeForm, eventAuth, tsNow } from './events/dispatcher.ts'
import { nextId } from './state.ts'
import { issueTokens } from './tokens.ts'

/** What the portal page needs to open the app frame for one user. */
export interface FrameLaunch {
  /** Form `action`: the app URL plus `DOMAIN`, `PROTOCOL`, `LANG`, `APP_SID` (§1.2). */
  actionUrl: string
  /** Iframe `name`: `DOMAIN|PROTOCOL|APP_SID` (§6.1). */
  frameName: string
  appSid: string
  /** Hidden form fields POSTed into the frame (§1.2). */
  fields: Record<string, string>
  /** Answer to `getInitData` (§6.5). */
  initData: Record<string, unknown>
  /** Origin of the app (the parent accepts messages only from it, §6.2). */
  appOrigin: string
  userId: number
}

/** Why the frame cannot be opened. */
export type LaunchRefusal = 'APP_NOT_INSTALLED' | 'APP_NOT_ACTIVE' | 'PLACEMENT_NOT_BOUND'

/** Options for opening the app: a placement code and its `PLACEMENT_OPTIONS`. */
export interface LaunchOptions {
  placement?: string
  placementOptions?: Record<string, unknown>
}

function handlerFor(
  portal: Portal,
  userId: number,
  options: LaunchOptions,
): { url: string; install: boolean } | LaunchRefusal {
  const app = portal.state.app
  if (!app.active) return 'APP_NOT_ACTIVE'
  const isAdmin = portal.state.users.find((u) => u.ID === userId)?.IS_ADMIN ?? false
  if (!app.installed) return isAdmin ? { url: app.installUrl, install: true } : 'APP_NOT_INSTALLED'
  const placement = options.placement ?? 'DEFAULT'
  if (placement === 'DEFAULT') return { url: app.handlerUrl, install: false }
  const bound = portal.state.placements.find((p) => p.placement === placement)
  return bound ? { url: bound.handler, install: false } : 'PLACEMENT_NOT_BOUND'
}

function frameFields(portal: Portal, tokens: ReturnType<typeof issueTokens>, placement: string, options: string) {
  const fields: Record<string, string> = {
    AUTH_ID: tokens.access_token,
    AUTH_EXPIRES: String(tokens.expires_in),
    REFRESH_ID: tokens.refresh_token,
  }
  if (portal.knobs.frameSendsAppFields) {
    fields['SERVER_ENDPOINT'] = serverEndpoint(portal)
    fields['APPLICATION_TOKEN'] = portal.state.app.applicationToken
    fields['APPLICATION_SCOPE'] = appScope(portal)
  }
  Object.assign(fields, { member_id: portal.state.memberId, status: portal.state.app.status, PLACEMENT: placement })
  if (options) fields['PLACEMENT_OPTIONS'] = options
  return fields
}

/** What one opening of the frame is about. */
interface FrameContext {
  userId: number
  lang: string
  protocol: 0 | 1
  install: boolean
  placement: string
  placementOptions: Record<string, unknown>
}

/** The `getInitData` answer (§6.5) for one opening of the frame. */
function initDataFor(portal: Portal, frame: FrameContext, tokens: ReturnType<typeof issueTokens>) {
  const user = portal.state.users.find((u) => u.ID === frame.userId)
  const hasOptions = Object.keys(frame.placementOptions).length > 0
  return {
    LANG: frame.lang,
    DOMAIN: portal.urls.domain,
    PROTOCOL: frame.protocol,
    PATH: '/rest',
    AUTH_ID: tokens.access_token,
    AUTH_EXPIRES: String(tokens.expires_in),
    REFRESH_ID: tokens.refresh_token,
    MEMBER_ID: portal.state.memberId,
    FIRST_RUN: !portal.state.firstRunDone.includes(frame.userId),
    IS_ADMIN: user?.IS_ADMIN ?? false,
    INSTALL: frame.install,
    USER_OPTIONS: portal.state.userOptions[String(frame.userId)] ?? {},
    APP_OPTIONS: portal.state.appOptions,
    PLACEMENT: frame.placement,
    PLACEMENT_OPTIONS: hasOptions ? frame.placementOptions : '',
  }
}

/** Opens the app for a user: fresh tokens, the §1.2 POST fields and the §6.5 init data. */
export function openApplication(
  portal: Portal,
  userId: number,
  options: LaunchOptions = {},
): FrameLaunch | LaunchRefusal {
  const target = handlerFor(portal, userId, options)
  if (typeof target === 'string') return target
  const frame: FrameContext = {
    userId,
    lang: portal.state.users.find((u) => u.ID === userId)?.LANGUAGE_ID ?? 'ru',
    protocol: portal.urls.portal.startsWith('https:') ? 1 : 0,
    install: target.install,
    placement: target.install ? 'DEFAULT' : (options.placement ?? 'DEFAULT'),
    placementOptions: options.placementOptions ?? {},
  }
  const appSid = randomHex(16)
  const tokens = issueTokens(portal, userId)
  const query = new URLSearchParams({
    DOMAIN: portal.urls.domain,
    PROTOCOL: String(frame.protocol),
    LANG: frame.lang,
    APP_SID: appSid,
  })
  const optionsJson = Object.keys(frame.placementOptions).length > 0 ? JSON.stringify(frame.placementOptions) : ''
  return {
    actionUrl: `${target.url}${target.url.includes('?') ? '&' : '?'}${query.toString()}`,
    frameName: `${portal.urls.domain}|${frame.protocol}|${appSid}`,
    appSid,
    fields: frameFields(portal, tokens, frame.placement, optionsJson),
    initData: initDataFor(portal, frame, tokens),
    appOrigin: new URL(target.url).origin,
    userId,
  }
}

/** `refreshAuth` from the frame (§6.4): a fresh pair for the frame's user. */
export function refreshFrameAuth(
  portal: Portal,
  userId: number,
): { AUTH_ID: string; AUTH_EXPIRES: string; REFRESH_ID: string } {
  const tokens = issueTokens(portal, userId)
  return { AUTH_ID: tokens.access_token, AUTH_EXPIRES: String(tokens.expires_in), REFRESH_ID: tokens.refresh_token }
}

function sendAppInstall(portal: Portal, userId: number, handlers: { id: number; handler: string }[]): void {
  for (const target of handlers) {
    const auth = eventAuth(portal, { userId, scope: appScope(portal), includeRefreshToken: true })
    const data = { VERSION: String(portal.state.app.version), ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'ru' }
    const payload = { event: 'ONAPPINSTALL', event_handler_id: String(target.id), data, ts: tsNow(portal), auth }
    deliver(portal, 'event', 'ONAPPINSTALL', target.handler, encodeForm(payload))
  }
}

/**
 * `installFinish` (§1.3): marks the app installed, sends `ONAPPINSTALL` to the handlers bound for it, and
 * from now on events are delivered. A second call changes nothing.
 */
export function finishInstall(portal: Portal, userId: number): boolean {
  const app = portal.state.app
  if (!app.active || app.installed) return false
  app.installed = true
  const bound = portal.state.eventBindings.filter((b) => b.event === 'ONAPPINSTALL' && !b.offline)
  sendAppInstall(portal, userId, bound)
  portal.persist()
  return true
}

/** An API-only app: installed at once, `ONAPPINSTALL` POSTed to the install path (§1.1). */
export function installApiOnly(portal: Portal, userId: number): void {
  const app = portal.state.app
  app.active = true
  app.installed = true
  sendAppInstall(portal, userId, [{ id: nextId(portal.state, 'eventBinding'), handler: app.installUrl }])
  portal.persist()
}

/** Adds the app back after an uninstall: a new application token, not installed until `installFinish`. */
export function reAddApplication(portal: Portal): void {
  const app = portal.state.app
  if (app.active) return
  app.active = true
  app.installed = false
  app.applicationToken = randomHex(16)
  portal.persist()
}

/**
 * Uninstalls the app: `ONAPPUNINSTALL` (`CLEAN` 1/0, no tokens, §1.5) to its bound handlers, then its
 * handlers, placements, robots, activities and (local app) options are deleted and its tokens stop working.
 */
export function uninstallApplication(portal: Portal, options: { clean: boolean }): void {
  const state = portal.state
  if (!state.app.active) return
  for (const binding of state.eventBindings.filter((b) => b.event === 'ONAPPUNINSTALL' && !b.offline)) {
    const auth = eventAuth(portal, { userId: null, scope: '', includeRefreshToken: false })
    const data = { LANGUAGE_ID: 'ru', CLEAN: options.clean ? '1' : '0' }
    const payload = { event: 'ONAPPUNINSTALL', event_handler_id: String(binding.id), data, ts: tsNow(portal), auth }
    deliver(portal, 'event', 'ONAPPUNINSTALL', binding.handler, encodeForm(payload))
  }
  Object.assign(state, {
    eventBindings: [],
    placements: [],
    robots: [],
    activities: [],
    robotTriggers: [],
    appOptions: {},
    offlineEvents: [],
  })
  state.app.installed = false
  state.app.active = false
  state.accessTokens = {}
  state.refreshTokens = {}
  state.firstRunDone = []
  portal.persist()
}

/** Records that a user's first run is over (`setInstall`, §6.4). */
export function markFirstRunDone(portal: Portal, userId: number): void {
  if (!portal.state.firstRunDone.includes(userId)) portal.state.firstRunDone.push(userId)
  portal.persist()
}
