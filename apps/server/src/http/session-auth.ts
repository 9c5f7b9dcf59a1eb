/**
 * @module The session side of SPA authentication (issue 23): outside the portal frame the SPA has no frame token,
 * so `appAuth` hands a request that carries the session cookie and no `Authorization` header to
 * {@link authenticateSession}. Cookie-authenticated calls that change something must also carry the session's
 * CSRF token in `X-CSRF-Token` and, when the browser names one, come from the app's own origin.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { PermissionError } from '../ports/errors.ts'
import { isSessionCsrfToken, resumeSession, type SessionDeps } from '../services/user-sessions.ts'

/** The session cookie: secure, httpOnly, same-site only, for the whole app. */
export const sessionCookieName = '__Host-b24_session'
/** The cookie that binds a sign-in's `state` to the browser that started it (Lax: the portal redirects back). */
export const signInCookieName = '__Host-b24_sign_in'
/** The header the SPA sends the session's CSRF token in. */
export const csrfHeader = 'x-csrf-token'

/** What the session side of `appAuth` needs: sessions, and the app's origin that may send cookie requests. */
export interface SessionAuthDeps extends SessionDeps {
  appOrigin: string
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The session cookie of the request, if any. */
export function sessionCookieOf(c: Context): string | undefined {
  return getCookie(c, sessionCookieName) || undefined
}

/** Sets the session cookie (after sign-in). */
export function setSessionCookie(c: Context, cookie: string, expiresAt: number) {
  const maxAge = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000))
  setCookie(c, sessionCookieName, cookie, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict', maxAge })
}

/** Clears the session cookie (sign-out, or a session that is gone). */
export function clearSessionCookie(c: Context) {
  deleteCookie(c, sessionCookieName, { path: '/', secure: true })
}

/**
 * Refuses a cookie-authenticated request that changes something without the CSRF proof: the session's token in
 * `X-CSRF-Token`, and an `Origin` (when sent) equal to the app's own.
 * @throws PermissionError `CSRF_CHECK_FAILED`.
 */
function checkCsrf(c: Context, deps: SessionAuthDeps, csrfOk: (given: string | undefined) => boolean) {
  if (safeMethods.has(c.req.method)) return
  const origin = c.req.header('origin')
  if ((origin !== undefined && origin !== deps.appOrigin) || !csrfOk(c.req.header(csrfHeader))) {
    throw new PermissionError('CSRF_CHECK_FAILED', 'A request signed in by cookie must carry the X-CSRF-Token')
  }
}

/**
 * Resumes the request's session and checks its CSRF proof.
 * @returns the user and their fresh access token, as the frame-token check does.
 * @throws AuthError `SESSION_EXPIRED` / `SESSION_ENDED` (the cookie is cleared); PermissionError `CSRF_CHECK_FAILED`.
 */
export async function authenticateSession(c: Context, deps: SessionAuthDeps, cookie: string) {
  const session = await resumeSession(deps, cookie).catch((error: unknown) => {
    clearSessionCookie(c)
    throw error
  })
  checkCsrf(c, deps, (given) => isSessionCsrfToken(session, given))
  return session
}
