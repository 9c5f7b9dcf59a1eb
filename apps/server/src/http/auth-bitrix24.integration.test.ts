/**
 * Sign in with Bitrix24 outside the portal frame (issue 23) against the sandbox portal: the authorize redirect,
 * the callback's checks (state bound to the browser, the trusted OAuth server, the installed portal), the session
 * cookie, CSRF on cookie-authenticated calls, expiry, sign-out, uninstall, deactivation and single-flight refresh.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { issueAuthorizationCode } from '../../../sandbox/src/bitrix24/tokens.ts'
import { startSandbox } from '../test-support/app-server.ts'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'
import { authorizeAtPortal, CookieJar, requestWithJar, signInWithBitrix24 } from '../test-support/sign-in.ts'
import { sessionLifetimeMs, reverifyAfterMs } from '../services/user-sessions.ts'
import { sessionCookieName, signInCookieName } from './session-auth.ts'

let h: ApprovalHarness
let otherPortal: Bitrix24Sandbox
let now = Date.now()

beforeAll(async () => {
  h = await startApprovalHarness({ clock: { now: () => now } })
  otherPortal = await startSandbox('http://127.0.0.1:9')
})
beforeEach(() => {
  now = Date.now()
  h.sandbox.setTokenTtl(3600)
})
afterAll(async () => {
  await otherPortal.close()
  await h.close()
})

const nonAdmin = () => h.sandbox.portal.state.users.find((u) => !u.IS_ADMIN && u.ACTIVE)!

async function errorPageOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/text\/html/)
  const html = await response.text()
  return /data-error-code="([A-Z_]+)"/.exec(html)?.[1]
}

function hasSessionCookie(response: Response): boolean {
  return response.headers
    .getSetCookie()
    .some((line) => line.startsWith(`${sessionCookieName}=`) && !/max-age=0/i.test(line))
}

describe('sign in with Bitrix24', () => {
  it('sends the browser to the installed portal, opens a session and returns where the person was', async () => {
    const user = nonAdmin()
    const jar = new CookieJar()
    const start = await requestWithJar(
      h.server,
      jar,
      `/api/auth/bitrix24?portal=${h.sandbox.domain}&return=/approvals/A1`,
    )
    expect(start.status).toBe(302)
    const authorize = new URL(start.headers.get('location')!)
    expect(authorize.origin + authorize.pathname).toBe(`${h.sandbox.url}/oauth/authorize/`)
    expect(authorize.searchParams.get('client_id')).toBe(h.sandbox.app.clientId)
    expect(jar.cookies.get(signInCookieName)).toBe(authorize.searchParams.get('state'))
    expect(start.headers.getSetCookie().join()).toMatch(/HttpOnly.*Secure.*SameSite=Lax|Secure.*HttpOnly/i)

    const {
      jar: signedIn,
      location,
      csrfToken,
    } = await signInWithBitrix24(h.server, h.sandbox, {
      userId: user.ID,
      returnTo: '/approvals/A1',
    })
    expect(location).toBe(`${h.listener.url}/#/approvals/A1`)
    expect(csrfToken).toMatch(/^[\w-]{43}$/)
    const me = await requestWithJar(h.server, signedIn, '/api/app/me')
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({
      user: { id: user.ID, isAdmin: false },
      portal: { memberId: h.sandbox.memberId },
    })
    // The code was exchanged at the trusted OAuth server, never at the portal.
    expect(h.sandbox.oauthLog().some((e) => e.grantType === 'authorization_code' && e.status === 200)).toBe(true)
  })

  it('sets the session cookie secure, httpOnly and SameSite, and keeps the tokens sealed in the store', async () => {
    const { jar, callbackPath } = await authorizeAtPortal(h.server, h.sandbox, { userId: 1 })
    const callback = await requestWithJar(h.server, jar, callbackPath)
    const line = callback.headers.getSetCookie().find((l) => l.startsWith(`${sessionCookieName}=`))!
    expect(line).toMatch(/HttpOnly/)
    expect(line).toMatch(/Secure/)
    expect(line).toMatch(/SameSite=Strict/)
    const secret = decodeURIComponent(jar.cookies.get(sessionCookieName)!).split(':')[1]!
    const hash = createHash('sha256').update(secret).digest('hex')
    const stored = JSON.stringify(await h.server.store.get(`p:${h.sandbox.memberId}:session:${hash}`))
    expect(stored).toContain('sealedTokens')
    expect(stored).not.toContain(secret)
    const issued = [
      ...Object.keys(h.sandbox.portal.state.accessTokens),
      ...Object.keys(h.sandbox.portal.state.refreshTokens),
    ]
    expect(issued.filter((token) => stored.includes(token))).toEqual([])
  })
})

describe('sign-in bad input: a clear error page and no session', () => {
  it('refuses a portal that has not installed the app, and never redirects to an arbitrary host', async () => {
    for (const portal of ['evil.example.com', otherPortal.domain.replace('127.0.0.1', 'localhost')]) {
      const response = await h.server.app.request(`/api/auth/bitrix24?portal=${portal}`)
      expect(response.status).toBe(401)
      expect(response.headers.get('location')).toBeNull()
      expect(await errorPageOf(response)).toBe('PORTAL_NOT_INSTALLED')
      expect(response.headers.getSetCookie()).toEqual([])
    }
    const bad = await h.server.app.request(`/api/auth/bitrix24?portal=${h.sandbox.domain}&return=//evil.example.com`)
    expect(bad.status).toBe(400)
    expect(await errorPageOf(bad)).toBe('VALIDATION_FAILED')
  })

  it('refuses a callback with a missing state, a wrong state, or a state of another browser', async () => {
    const { jar, callbackPath } = await authorizeAtPortal(h.server, h.sandbox)
    const url = new URL(callbackPath, h.listener.url)
    const missing = new URL(url)
    missing.searchParams.delete('state')
    const wrong = new URL(url)
    wrong.searchParams.set('state', 'x'.repeat(43))
    for (const [path, cookies] of [
      [missing.pathname + missing.search, jar],
      [wrong.pathname + wrong.search, jar],
      [callbackPath, new CookieJar()],
    ] as const) {
      const response = await requestWithJar(h.server, cookies.cookies.size ? jar : cookies, path)
      expect(response.status).toBe(401)
      expect(await errorPageOf(response)).toBe('SIGN_IN_STATE_INVALID')
      expect(hasSessionCookie(response)).toBe(false)
    }
  })

  it('refuses a used state (the callback replayed) and a code issued for another application', async () => {
    const first = await authorizeAtPortal(h.server, h.sandbox)
    const state = new URL(first.callbackPath, h.listener.url).searchParams.get('state')!
    const stateCookie = first.jar.cookies.get(signInCookieName)!
    expect((await requestWithJar(h.server, first.jar, first.callbackPath)).status).toBe(302)
    const replay = new CookieJar()
    replay.cookies.set(signInCookieName, stateCookie)
    const again = await requestWithJar(h.server, replay, first.callbackPath)
    expect(await errorPageOf(again)).toBe('SIGN_IN_STATE_INVALID')
    expect(state).toBeTruthy()

    const second = await authorizeAtPortal(h.server, h.sandbox)
    const foreign = new URL(second.callbackPath, h.listener.url)
    foreign.searchParams.set('code', issueAuthorizationCode(otherPortal.portal, 1))
    const response = await requestWithJar(h.server, second.jar, foreign.pathname + foreign.search)
    expect(response.status).toBe(401)
    expect(await errorPageOf(response)).toBe('SIGN_IN_CODE_REJECTED')
    expect(hasSessionCookie(response)).toBe(false)
  })

  it('refuses an answer naming another portal than the one sign-in was started for', async () => {
    const { jar, callbackPath } = await authorizeAtPortal(h.server, h.sandbox)
    const url = new URL(callbackPath, h.listener.url)
    url.searchParams.set('member_id', otherPortal.memberId)
    const response = await requestWithJar(h.server, jar, url.pathname + url.search)
    expect(await errorPageOf(response)).toBe('PORTAL_MISMATCH')
    expect(hasSessionCookie(response)).toBe(false)
  })
})

describe('the session', () => {
  it('refuses a cookie-authenticated change without the CSRF proof (403) and changes nothing', async () => {
    const { jar, csrfToken } = await signInWithBitrix24(h.server, h.sandbox, { userId: 1 })
    const body = JSON.stringify({ title: 'CSRF probe', stages: [] })
    const json = { 'content-type': 'application/json' }
    const noProof = await requestWithJar(h.server, jar, '/api/app/approvals', { method: 'POST', headers: json, body })
    expect(noProof.status).toBe(403)
    expect(((await noProof.json()) as { error: { code: string } }).error.code).toBe('CSRF_CHECK_FAILED')
    const crossSite = await requestWithJar(h.server, jar, '/api/auth/sign-out', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, origin: 'https://evil.example.com' },
    })
    expect(crossSite.status).toBe(403)
    expect((await requestWithJar(h.server, jar, '/api/app/me')).status).toBe(200)
    const list = await requestWithJar(h.server, jar, '/api/app/approvals')
    expect(JSON.stringify(await list.json())).not.toContain('CSRF probe')
  })

  it('signs out: the cookie is cleared and the session no longer opens anything', async () => {
    const { jar, csrfToken } = await signInWithBitrix24(h.server, h.sandbox, { userId: 1 })
    const cookie = jar.cookies.get(sessionCookieName)!
    const out = await requestWithJar(h.server, jar, '/api/auth/sign-out', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, origin: h.listener.url },
    })
    expect(out.status).toBe(200)
    expect(jar.cookies.has(sessionCookieName)).toBe(false)
    const stale = new CookieJar()
    stale.cookies.set(sessionCookieName, cookie)
    const me = await requestWithJar(h.server, stale, '/api/app/me')
    expect(me.status).toBe(401)
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('SESSION_EXPIRED')
  })

  it('expires: after its lifetime the person must sign in again', async () => {
    const { jar } = await signInWithBitrix24(h.server, h.sandbox, { userId: 1 })
    now += sessionLifetimeMs + 1
    const me = await requestWithJar(h.server, jar, '/api/app/me')
    expect(me.status).toBe(401)
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('SESSION_EXPIRED')
  })

  it('ends when the user is deactivated in the portal (checked again within five minutes)', async () => {
    const user = h.sandbox.portal.state.users.find((u) => !u.IS_ADMIN && u.ACTIVE && u.ID !== nonAdmin().ID)!
    const { jar } = await signInWithBitrix24(h.server, h.sandbox, { userId: user.ID })
    user.ACTIVE = false
    try {
      expect((await requestWithJar(h.server, jar, '/api/app/me')).status).toBe(200)
      now += reverifyAfterMs
      const me = await requestWithJar(h.server, jar, '/api/app/me')
      expect(me.status).toBe(401)
      expect(((await me.json()) as { error: { code: string } }).error.code).toBe('SESSION_ENDED')
    } finally {
      user.ACTIVE = true
    }
  })

  it("refreshes the user's own tokens once for many parallel requests (rotation never locks them out)", async () => {
    const { jar } = await signInWithBitrix24(h.server, h.sandbox, { userId: 1 })
    now += 3_600_000
    const refreshesBefore = h.sandbox.oauthLog().filter((e) => e.grantType === 'refresh_token').length
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestWithJar(h.server, jar, '/api/app/me')))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200])
    const refreshes = h.sandbox
      .oauthLog()
      .filter((e) => e.grantType === 'refresh_token')
      .slice(refreshesBefore)
    expect(refreshes.map((e) => e.status)).toEqual([200])
  })

  it('ends when the app is uninstalled from the portal', async () => {
    const { jar } = await signInWithBitrix24(h.server, h.sandbox, { userId: 1 })
    h.sandbox.uninstall({ clean: false })
    await h.sandbox.flushEvents()
    await h.drain()
    const me = await requestWithJar(h.server, jar, '/api/app/me')
    expect(me.status).toBe(401)
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('SESSION_ENDED')
  })
})
