/**
 * @module Sign in with Bitrix24 outside the portal frame (OAuth 2.0 authorization code, protocol reference §2.1–2.3):
 * {@link startSignIn} sends the browser to the installed portal's `/oauth/authorize/` with a one-time `state` that
 * the browser also keeps in a cookie; {@link finishSignIn} takes that `state` back once, exchanges the code at the
 * portal's trusted OAuth server, has the server vouch for the token as the install does (`app.info`: this app,
 * this portal), asks the portal who the user is, and opens a session.
 * @see https://apidocs.bitrix24.com/settings/oauth/index.html
 */
import { createHash, randomBytes } from 'node:crypto'
import { AuthError } from '../ports/errors.ts'
import { globalKey } from '../ports/store.ts'
import { loadPortalRecord, portalAddress, portalStatusIndex, type PortalRecord } from './portal-records.ts'
import { isSameSecret } from './secret-compare.ts'
import { openSession, type SessionDeps } from './user-sessions.ts'
import { vouchPortal } from './vouch-portal.ts'

/** What signing in needs: sessions' dependencies plus the trusted OAuth servers. */
export interface SignInDeps extends SessionDeps {
  /** `BITRIX24_OAUTH_SERVERS`. */
  trustedServers: string[]
}

/** A sign-in waiting for the portal's answer (stored under a hash of `state` for {@link stateLifetimeMs}). */
interface PendingSignIn {
  memberId: string
  returnTo: string
}

/** How long the person has to sign in at the portal. */
export const stateLifetimeMs = 10 * 60_000

const stateKey = (state: string) => globalKey('sign-in', createHash('sha256').update(state).digest('hex'))

function notInstalled(): AuthError {
  return new AuthError('PORTAL_NOT_INSTALLED', 'The app is not installed in this portal')
}

/** The connected portal whose domain is `domain` (the status index; a handful of reads per page of portals). */
async function connectedPortalOf(deps: SignInDeps, domain: string): Promise<PortalRecord | null> {
  const wanted = domain.toLowerCase()
  let cursor: string | undefined
  do {
    const page = await deps.store.indexPage(portalStatusIndex('connected'), { limit: 200, cursor })
    const records = await Promise.all(page.entries.map((e) => loadPortalRecord(deps.store, e.member)))
    const found = records.find((r) => r?.value.status === 'connected' && r.value.domain.toLowerCase() === wanted)
    if (found) return found.value
    cursor = page.cursor
  } while (cursor)
  return null
}

/**
 * Starts signing in to the installed portal `domain`; `returnTo` is the SPA route to open afterwards.
 * @returns the `state` for the browser's cookie and the portal's authorize URL (its address from our own record,
 * never from the request).
 * @throws AuthError `PORTAL_NOT_INSTALLED` for a domain no connected portal has.
 */
export async function startSignIn(deps: SignInDeps, request: { domain: string; returnTo: string }) {
  const record = await connectedPortalOf(deps, request.domain)
  if (!record) throw notInstalled()
  const state = randomBytes(32).toString('base64url')
  const pending: PendingSignIn = { memberId: record.memberId, returnTo: request.returnTo }
  await deps.store.putIfAbsent(stateKey(state), pending, stateLifetimeMs)
  const query = new URLSearchParams({ client_id: deps.clientId, state })
  const authorizeUrl = `${new URL(record.clientEndpoint).origin}/oauth/authorize/?${query.toString()}`
  return { state, authorizeUrl }
}

/** What the portal sent back to the callback, and the `state` the browser kept. */
export interface SignInAnswer {
  code: string
  state: string
  /** `member_id` the portal named. */
  memberId: string
  /** The `state` cookie of this browser. */
  browserState: string | undefined
}

/**
 * Finishes a sign-in: the `state` must be this browser's and unused, the portal the one it was started for and
 * still installed, the code redeemable at the portal's trusted OAuth server for a token of this application and
 * portal, and the portal must name an active user.
 * @returns the new session's cookie value and expiry, and the SPA route to open.
 * @throws AuthError `SIGN_IN_STATE_INVALID`, `PORTAL_MISMATCH`, `PORTAL_NOT_INSTALLED`, `SIGN_IN_CODE_REJECTED`,
 * and the errors of `vouchPortal` and of the portal's profile check.
 */
export async function finishSignIn(deps: SignInDeps, answer: SignInAnswer) {
  if (!isSameSecret(answer.browserState, answer.state)) {
    throw new AuthError('SIGN_IN_STATE_INVALID', 'This sign-in was not started in this browser; sign in again')
  }
  const pending = await deps.store.takeTemp<PendingSignIn>(stateKey(answer.state))
  if (!pending) throw new AuthError('SIGN_IN_STATE_INVALID', 'This sign-in has expired or was used; sign in again')
  if (pending.memberId !== answer.memberId) {
    throw new AuthError('PORTAL_MISMATCH', 'The portal that answered is not the one sign-in was started for')
  }
  const record = (await loadPortalRecord(deps.store, pending.memberId))?.value
  if (!record || record.status !== 'connected') throw notInstalled()
  const exchanged = await deps.oauthServer.exchangeCode(record.oauthServer, answer.code)
  const { clientEndpoint: _named, ...tokens } = exchanged
  const claim = { memberId: record.memberId, domain: record.domain, accessToken: tokens.accessToken }
  await vouchPortal(deps, { ...claim, serverEndpoint: `${record.oauthServer}/rest/` })
  const portal = deps.connector.forUserToken(portalAddress(record), tokens.accessToken)
  const holder = await portal.app.tokenHolder(deps.clientId)
  const opened = await openSession(deps, {
    memberId: record.memberId,
    holder,
    tokens: { ...tokens, userId: holder.userId },
  })
  return { ...opened, returnTo: pending.returnTo }
}
