/**
 * @module Sign in with Bitrix24 outside the portal frame (issue 23), mounted under `/api`:
 * `GET /auth/bitrix24?portal=<domain>&return=<route>` sends the browser to the portal's authorize page,
 * `GET /auth/bitrix24/callback` finishes it and opens the session, `GET /auth/session` tells the SPA who is
 * signed in (and the CSRF token), `POST /auth/sign-out` ends the session. A local application's portal returns
 * to the handler path, so `GET /b24/app` with `code` and `state` is forwarded to the callback.
 */
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { finishSignIn, startSignIn, stateLifetimeMs, type SignInDeps } from '../services/sign-in.ts'
import { endSession } from '../services/user-sessions.ts'
import { AuthError } from '../ports/errors.ts'
import { signInErrorPage } from './sign-in-page.ts'
import {
  authenticateSession,
  clearSessionCookie,
  sessionCookieOf,
  setSessionCookie,
  signInCookieName,
  type SessionAuthDeps,
} from './session-auth.ts'
import { validate } from './validate.ts'

/** What the sign-in routes need; undefined outside app mode (no OAuth application to sign in to). */
export interface SignInRoutesDeps {
  signIn: (SignInDeps & SessionAuthDeps) | undefined
  appUrl: string
  /** `BITRIX24_CALLBACK_URL`: where the portal sends the browser back (default `<APP_URL>/api/auth/bitrix24/callback`). */
  callbackUrl: string
}

/** A portal host as Bitrix24 names it (`example.bitrix24.ru`, `localhost:8788`). */
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]{1,253}(:\d{1,5})?$/)
/** An SPA route to come back to: a path of this app, never another site. */
const returnToSchema = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[\w\-./?=&%#]*$/)
  .default('/')

const startQuery = z.object({
  portal: domainSchema.or(z.url().transform((url) => new URL(url).host)),
  return: returnToSchema,
})
const callbackQuery = z.object({
  code: z.string().min(1).max(512),
  state: z.string().min(1).max(512),
  member_id: z.string().min(1).max(64),
})

function required(deps: SignInRoutesDeps) {
  if (!deps.signIn)
    throw new AuthError('APP_MODE_REQUIRED', 'Signing in needs BITRIX24_CLIENT_ID and BITRIX24_CLIENT_SECRET')
  return deps.signIn
}

/** Creates the sign-in routes (mounted under `/api`); their errors are pages, except the JSON ones of the SPA. */
export function createSignInRoutes(deps: SignInRoutesDeps) {
  const pages = new Hono()
    .get('/auth/bitrix24', validate('query', startQuery), async (c) => {
      const { portal, return: returnTo } = c.req.valid('query')
      const { state, authorizeUrl } = await startSignIn(required(deps), { domain: portal, returnTo })
      const maxAge = stateLifetimeMs / 1000
      setCookie(c, signInCookieName, state, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge })
      return c.redirect(authorizeUrl, 302)
    })
    .get('/auth/bitrix24/callback', async (c) => {
      const parsed = callbackQuery.safeParse(c.req.query())
      const browserState = getCookie(c, signInCookieName)
      deleteCookie(c, signInCookieName, { path: '/', secure: true })
      if (!parsed.success) throw new AuthError('SIGN_IN_STATE_INVALID', 'The callback lacks code, state or member_id')
      const { code, state, member_id: memberId } = parsed.data
      const signedIn = await finishSignIn(required(deps), { code, state, memberId, browserState })
      setSessionCookie(c, signedIn.cookie, signedIn.expiresAt)
      return c.redirect(`${deps.appUrl}/#${signedIn.returnTo}`, 302)
    })
    .get('/b24/app', async (c, next) => {
      const { code, state } = c.req.query()
      if (!code || !state) return next()
      return c.redirect(`${deps.callbackUrl}?${new URL(c.req.url).searchParams.toString()}`, 302)
    })
  pages.onError(signInErrorPage)
  const api = new Hono()
    .get('/auth/session', async (c) => {
      const cookie = sessionCookieOf(c)
      if (!cookie) throw new AuthError('SESSION_EXPIRED', 'Not signed in')
      const { appUser, portalUrl, csrfToken } = await authenticateSession(c, required(deps), cookie)
      const { portal, userId, isAdmin, name } = appUser
      return c.json({ user: { id: userId, name, isAdmin }, portal: { ...portal, url: portalUrl }, csrfToken }, 200)
    })
    .post('/auth/sign-out', async (c) => {
      const cookie = sessionCookieOf(c)
      // A session that is already gone has nothing to protect: the answer is the same, signed out.
      const session = cookie
        ? await authenticateSession(c, required(deps), cookie).catch((error: unknown) => {
            if (error instanceof AuthError) return null
            throw error
          })
        : null
      if (cookie && session) await endSession(required(deps), cookie)
      clearSessionCookie(c)
      return c.json({ signedOut: true as const }, 200)
    })
  return { pages, api }
}
