/**
 * @module The SPA's JSON API (`/api/app/*`): every request carries `Authorization: Bearer <frame AUTH_ID>` and
 * `X-B24-Member-Id`; {@link appAuth} verifies them with that portal and sets `c.var.appUser`.
 */
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { AuthError, PermissionError } from '../ports/errors.ts'
import { authenticateAppUser, type AppAuthDeps, type AppUser } from '../services/authenticate-app-user.ts'
import { describeConnection } from '../services/portal-connection.ts'
import type { PortalDirectory } from '../services/portal-directory.ts'
import type { Store } from '../ports/store.ts'

/** Variables the SPA API middleware sets. */
export interface AppApiVariables {
  appUser: AppUser
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
 * Authenticates an SPA request from its frame token and `X-B24-Member-Id`.
 * @throws AuthError `MISSING_CREDENTIALS` without both headers, and the errors of `authenticateAppUser`.
 */
export function appAuth(deps: AppAuthDeps) {
  return createMiddleware<AppApiEnv>(async function appAuth(c, next) {
    const accessToken = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
    const memberId = c.req.header('x-b24-member-id')
    if (!accessToken || !memberId) {
      throw new AuthError('MISSING_CREDENTIALS', 'Send Authorization: Bearer <AUTH_ID> and X-B24-Member-Id')
    }
    const clientAddress = clientAddressOf(c.req.header('x-forwarded-for'), c.req.header('x-real-ip'))
    c.set('appUser', await authenticateAppUser(deps, { memberId, accessToken, clientAddress }))
    await next()
  })
}

/** Lets only the portal's admins through. @throws PermissionError `ADMIN_REQUIRED`. */
export function requireAdmin() {
  return createMiddleware<AppApiEnv>(async function requireAdmin(c, next) {
    if (!c.var.appUser.isAdmin) throw new PermissionError('ADMIN_REQUIRED', 'Only portal administrators may do this')
    await next()
  })
}

/** What the SPA API routes need. */
export interface AppApiDeps {
  auth: AppAuthDeps
  store: Store
  directory: PortalDirectory
}

/** Refuses every SPA request: the SPA API exists only in app mode (a webhook has no frame tokens). */
function appModeOnly() {
  return createMiddleware<AppApiEnv>(async function appModeOnly() {
    throw new AuthError('APP_MODE_REQUIRED', 'The app API needs BITRIX24_CLIENT_ID and BITRIX24_CLIENT_SECRET')
  })
}

/** Creates the `/app/*` routes (mounted under `/api`); `deps` is undefined outside app mode. */
export function createAppApiRoutes(deps: AppApiDeps | undefined) {
  return new Hono<AppApiEnv>()
    .use('/app/*', deps ? appAuth(deps.auth) : appModeOnly())
    .get('/app/me', (c) => {
      const { portal, userId, isAdmin, name } = c.var.appUser
      return c.json({ user: { id: userId, name, isAdmin }, portal, connection: { status: portal.status } }, 200)
    })
    .get('/app/connection', requireAdmin(), async (c) => {
      const connection = await describeConnection(deps!, c.var.appUser.portal.memberId)
      return c.json({ connection }, 200)
    })
}
