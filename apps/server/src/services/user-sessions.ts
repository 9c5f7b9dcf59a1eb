/**
 * @module Sessions of people signed in with Bitrix24 outside the portal frame (issue 23): a server-side record
 * per session (`p:<member_id>:session:<sha256 of the secret>`; the browser holds only the secret, in a cookie),
 * with the user's own token pair sealed at rest and refreshed single-flight. A session expires, can be signed
 * out, and ends when the app is uninstalled (or re-installed after that) or the user is deactivated: the user is
 * re-checked with the portal at most every five minutes.
 */
import { createHash, randomBytes } from 'node:crypto'
import { AuthError } from '../ports/errors.ts'
import type { Clock } from '../ports/clock.ts'
import type { OAuthServer, PortalConnector, PortalTokens, TokenHolder } from '../ports/portal.ts'
import type { SecretBox } from '../ports/secret-box.ts'
import { tenantKey, type Store, type Versioned } from '../ports/store.ts'
import type { AppUser } from './authenticate-app-user.ts'
import { loadPortalRecord, portalAddress, sealTokens, type PortalRecord } from './portal-records.ts'
import { isSameSecret } from './secret-compare.ts'
import { expiryMarginMs, refreshOnce } from './single-flight-refresh.ts'

/** What sessions need (app mode's install dependencies carry all of it). */
export interface SessionDeps {
  store: Store
  clock: Clock
  secretBox: SecretBox
  connector: PortalConnector
  oauthServer: OAuthServer
  clientId: string
}

/** A stored session. The tokens and the CSRF token are sealed; nothing here is the cookie's secret. */
export interface UserSession {
  memberId: string
  userId: number
  isAdmin: boolean
  name: string
  sealedTokens: string
  sealedCsrfToken: string
  createdAt: number
  expiresAt: number
  /** When the portal last confirmed the user (their profile through their own token). */
  verifiedAt: number
}

/** A session the request may act in: who, with the user's fresh access token and the CSRF token to compare. */
export interface ResumedSession {
  appUser: AppUser
  /** The portal's origin (`https://<portal>`), where its own pages live. */
  portalUrl: string
  accessToken: string
  csrfToken: string
}

/** How long a session lives from sign-in. */
export const sessionLifetimeMs = 7 * 24 * 3_600_000
/** How often the portal is asked again whether the user is still active. */
export const reverifyAfterMs = 5 * 60_000

const memberIdPattern = /^[A-Za-z0-9_.-]{1,64}$/
const secretPattern = /^[A-Za-z0-9_-]{43}$/

/** Splits the cookie value `<member_id>:<secret>`; null when it is not shaped like one. */
function parseCookie(cookie: string): { memberId: string; secret: string } | null {
  const at = cookie.lastIndexOf(':')
  const memberId = cookie.slice(0, at)
  const secret = cookie.slice(at + 1)
  return at > 0 && memberIdPattern.test(memberId) && secretPattern.test(secret) ? { memberId, secret } : null
}

function sessionKey(memberId: string, secret: string): string {
  return tenantKey(memberId, 'session', createHash('sha256').update(secret).digest('hex'))
}

function ended(code: 'SESSION_EXPIRED' | 'SESSION_ENDED', message: string): AuthError {
  return new AuthError(code, message)
}

/**
 * Opens a session for `holder` of the installed portal `memberId` with their token pair.
 * @returns the cookie value (`<member_id>:<secret>`) and when it expires.
 */
export async function openSession(
  deps: SessionDeps,
  opening: { memberId: string; holder: TokenHolder; tokens: PortalTokens },
): Promise<{ cookie: string; expiresAt: number }> {
  const secret = randomBytes(32).toString('base64url')
  const now = deps.clock.now()
  const session: UserSession = {
    ...{ memberId: opening.memberId, ...opening.holder },
    sealedTokens: sealTokens(deps.secretBox, onOurClock(deps.clock, opening.tokens)),
    sealedCsrfToken: deps.secretBox.seal(randomBytes(32).toString('base64url')),
    ...{ createdAt: now, expiresAt: now + sessionLifetimeMs, verifiedAt: now },
  }
  await deps.store.compareAndSet(sessionKey(opening.memberId, secret), session, 0)
  return { cookie: `${opening.memberId}:${secret}`, expiresAt: session.expiresAt }
}

/** Ends the session the cookie names (sign-out); nothing happens for an unknown cookie. */
export async function endSession(deps: Pick<SessionDeps, 'store'>, cookie: string): Promise<void> {
  const parsed = parseCookie(cookie)
  if (parsed) await deps.store.delete(sessionKey(parsed.memberId, parsed.secret))
}

/** Whether the portal still has the app from before the session began (not uninstalled, not re-installed since). */
function isPortalStillThere(record: PortalRecord | undefined, session: UserSession): record is PortalRecord {
  return !!record && record.status !== 'uninstalled' && Date.parse(record.installedAt) <= session.createdAt
}

/** The session's pair, refreshed once across processes when it is about to expire. */
async function freshTokens(deps: SessionDeps, key: string, record: PortalRecord): Promise<PortalTokens> {
  const read = async () => {
    const stored = await deps.store.get<UserSession>(key)
    if (!stored) throw ended('SESSION_ENDED', 'The session has ended; sign in again')
    return JSON.parse(deps.secretBox.open(stored.value.sealedTokens)) as PortalTokens
  }
  const held = await read()
  if (held.expiresAt > deps.clock.now() + expiryMarginMs) return held
  const exchange = async () => {
    // Under the lease: the stored pair is the newest one (another process may have rotated it meanwhile).
    const stored = await read()
    const fresh = await deps.oauthServer.refreshTokens(record.oauthServer, stored.refreshToken)
    const { clientEndpoint: _ignored, ...tokens } = fresh
    const pair = { ...onOurClock(deps.clock, tokens), userId: tokens.userId || stored.userId }
    await changeSession(deps.store, key, (s) => ({ ...s, sealedTokens: sealTokens(deps.secretBox, pair) }))
    return pair
  }
  const leaseName = key.replace(/:session:/, ':lease:session-refresh:')
  return refreshOnce({ store: deps.store, leaseName, now: () => deps.clock.now(), read, exchange }, held.refreshToken)
}

/** The pair with its expiry moved onto the service's clock (the lifetime left, as the OAuth server answered it). */
export function onOurClock(clock: Clock, tokens: PortalTokens): PortalTokens {
  return { ...tokens, expiresAt: clock.now() + Math.max(0, tokens.expiresAt - Date.now()) }
}

/** Applies `change` with compare-and-set, re-reading on a lost race; false when the session is gone. */
async function changeSession(store: Store, key: string, change: (s: UserSession) => UserSession): Promise<boolean> {
  for (;;) {
    const current: Versioned<UserSession> | null = await store.get<UserSession>(key)
    if (!current) return false
    if ((await store.compareAndSet(key, change(current.value), current.version)) !== null) return true
  }
}

/** Asks the portal who holds the token (a deactivated user has an empty profile) and stores the answer. */
async function reverify(deps: SessionDeps, key: string, record: PortalRecord, accessToken: string) {
  const holder = await deps.connector.forUserToken(portalAddress(record), accessToken).app.tokenHolder(deps.clientId)
  const now = deps.clock.now()
  await changeSession(deps.store, key, (s) => ({ ...s, ...holder, verifiedAt: now }))
  return holder
}

/**
 * Resumes the session the cookie names: checks its expiry and portal, refreshes the user's tokens when they are
 * about to expire and re-checks the user with the portal every {@link reverifyAfterMs}. A session that fails a
 * check is deleted.
 * @throws AuthError `SESSION_EXPIRED` (unknown or expired: sign in again), `SESSION_ENDED` (the app was
 * uninstalled, the user deactivated, or Bitrix24 refused the user's tokens).
 */
export async function resumeSession(deps: SessionDeps, cookie: string): Promise<ResumedSession> {
  const parsed = parseCookie(cookie)
  const key = parsed && sessionKey(parsed.memberId, parsed.secret)
  const stored = key ? await deps.store.get<UserSession>(key) : null
  if (!parsed || !key || !stored) throw ended('SESSION_EXPIRED', 'There is no such session; sign in again')
  const session = stored.value
  if (session.expiresAt <= deps.clock.now()) {
    await deps.store.delete(key)
    throw ended('SESSION_EXPIRED', 'The session has expired; sign in again')
  }
  const record = (await loadPortalRecord(deps.store, parsed.memberId))?.value
  if (!isPortalStillThere(record, session)) {
    await deps.store.delete(key)
    throw ended('SESSION_ENDED', 'The app is no longer installed in this portal')
  }
  try {
    const tokens = await freshTokens(deps, key, record)
    const isStale = session.verifiedAt + reverifyAfterMs <= deps.clock.now()
    const holder = isStale ? await reverify(deps, key, record, tokens.accessToken) : session
    const portal = { memberId: record.memberId, domain: record.domain, status: record.status }
    const appUser = { portal, userId: holder.userId, isAdmin: holder.isAdmin, name: holder.name }
    const csrfToken = deps.secretBox.open(session.sealedCsrfToken)
    return { appUser, portalUrl: new URL(record.clientEndpoint).origin, accessToken: tokens.accessToken, csrfToken }
  } catch (error) {
    if (!(error instanceof AuthError)) throw error
    await deps.store.delete(key)
    throw new AuthError('SESSION_ENDED', 'Bitrix24 no longer accepts this user; sign in again', { cause: error })
  }
}

/** Whether `given` is the session's CSRF token (constant time). */
export function isSessionCsrfToken(session: ResumedSession, given: string | undefined): boolean {
  return isSameSecret(given, session.csrfToken)
}
