/**
 * @module The SPA API's middleware: {@link appAuth} verifies the frame token of every `/api/app/*` request and
 * sets `c.var.appUser`; {@link requireAdmin} guards the admin-only routes.
 */
import { createMiddleware } from 'hono/factory'
import { AuthError, PermissionError } from '../ports/errors.ts'
import { authenticateAppUser, type AppAuthDeps, type AppUser } from '../services/authenticate-app-user.ts'
import { bearerToken } from './bearer-token.ts'
import { authenticateSession, sessionCookieOf, type SessionAuthDeps } from './session-auth.ts'

/** Variables the SPA API middleware sets. */
export interface AppApiVariables {
  appUser: AppUser
  /** The verified frame token, for calls Bitrix24 must answer as this user (never logged or returned). */
  appAccessToken: string
}

/** The SPA API's Hono environment. */
export interface AppApiEnv {
  Variables: AppApiVariables
}

/**
 * The caller's address as the edge reports it: the first `X-Forwarded-For` hop (Vercel and reverse proxies set
 * it), else `X-Real-IP`, else `unknown`.
 */
export function clientAddressOf(forwardedFor: string | undefined, realIp: string | undefined): string {
  const first = forwardedFor?.split(',')[0]?.trim()
  return (first || realIp?.trim() || 'unknown').slice(0, 64)
}

/**
 * Authenticates an SPA request from `Authorization: Bearer <frame AUTH_ID>` and `X-B24-Member-Id`, or, without
 * them and with `sessions`, from the session cookie of a person signed in with Bitrix24 (`session-auth.ts`).
 * @throws AuthError `MISSING_CREDENTIALS` without both headers, and the errors of `authenticateAppUser`.
 */
export function appAuth(deps: AppAuthDeps, sessions?: SessionAuthDeps) {
  return createMiddleware<AppApiEnv>(async function appAuth(c, next) {
    const accessToken = bearerToken(c.req.header('authorization'))
    // Outside the portal frame (issue 23): no frame token, the session cookie instead.
    const cookie = !accessToken && sessions ? sessionCookieOf(c) : undefined
    if (cookie && sessions) {
      const session = await authenticateSession(c, sessions, cookie)
      c.set('appUser', session.appUser)
      c.set('appAccessToken', session.accessToken)
      return next()
    }
    const memberId = c.req.header('x-b24-member-id')
    if (!accessToken || !memberId) {
      throw new AuthError('MISSING_CREDENTIALS', 'Send Authorization: Bearer <AUTH_ID> and X-B24-Member-Id')
    }
    const clientAddress = clientAddressOf(c.req.header('x-forwarded-for'), c.req.header('x-real-ip'))
    c.set('appUser', await authenticateAppUser(deps, { memberId, accessToken, clientAddress }))
    c.set('appAccessToken', accessToken)
    await next()
  })
}

/**
 * Refuses every SPA request: the SPA API exists only in app mode (a webhook has no frame tokens to verify).
 * @throws AuthError `APP_MODE_REQUIRED`.
 */
export function appModeOnly() {
  return createMiddleware<AppApiEnv>(async function appModeOnly() {
    throw new AuthError('APP_MODE_REQUIRED', 'The app API needs BITRIX24_CLIENT_ID and BITRIX24_CLIENT_SECRET')
  })
}

/** Lets only the portal's admins through. @throws PermissionError `ADMIN_REQUIRED`. */
export function requireAdmin() {
  return createMiddleware<AppApiEnv>(async function requireAdmin(c, next) {
    if (!c.var.appUser.isAdmin) throw new PermissionError('ADMIN_REQUIRED', 'Only portal administrators may do this')
    await next()
  })
}
