/**
 * @module Test harness (tests only): "Sign in with Bitrix24" driven over HTTP as a browser does it, with a small
 * cookie jar: the app's start route, the sandbox portal's `/oauth/authorize/` (as the portal user `userId`), the
 * handler path the portal returns to, and the app's callback.
 */
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { PORTAL_USER_COOKIE } from '../../../sandbox/src/bitrix24/oauth/token-server.ts'
import type { TestServer } from './app-server.ts'

/** Cookies by name, as a browser keeps them for the app's origin. */
export class CookieJar {
  readonly cookies = new Map<string, string>()

  /** Takes the `Set-Cookie` headers of an answer (a cookie with `Max-Age=0` is removed). */
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at)
      if (/max-age=0/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, pair.slice(at + 1))
    }
  }

  /** The `Cookie` header. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

/** A request to the app with the jar's cookies (answers' cookies are taken into the jar). */
export async function requestWithJar(server: TestServer, jar: CookieJar, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  if (jar.cookies.size > 0) headers.set('cookie', jar.header())
  const response = await server.app.request(path, { ...init, headers })
  jar.take(response)
  return response
}

/** Path and query of an absolute URL. */
export const pathOf = (url: string) => {
  const parsed = new URL(url)
  return parsed.pathname + parsed.search
}

/** Starts signing in and walks the portal's authorize page; returns the callback path (code, state) and the jar. */
export async function authorizeAtPortal(
  server: TestServer,
  sandbox: Bitrix24Sandbox,
  options: { userId?: number; returnTo?: string; jar?: CookieJar } = {},
) {
  const jar = options.jar ?? new CookieJar()
  const query = new URLSearchParams({ portal: sandbox.domain, return: options.returnTo ?? '/' })
  const start = await requestWithJar(server, jar, `/api/auth/bitrix24?${query.toString()}`)
  if (start.status !== 302) throw new Error(`sign-in start answered ${start.status}: ${await start.text()}`)
  const authorize = await fetch(start.headers.get('location')!, {
    redirect: 'manual',
    headers: { cookie: `${PORTAL_USER_COOKIE}=${options.userId ?? 1}` },
  })
  if (authorize.status !== 302) throw new Error(`authorize answered ${authorize.status}`)
  // The portal returns to the app's handler path, which forwards to the callback.
  const handler = await requestWithJar(server, jar, pathOf(authorize.headers.get('location')!))
  return { jar, callbackPath: pathOf(handler.headers.get('location')!) }
}

/**
 * Signs `userId` in; returns the jar holding the session cookie, the SPA address the app sent the browser to, and
 * the CSRF token from `GET /api/auth/session`.
 */
export async function signInWithBitrix24(
  server: TestServer,
  sandbox: Bitrix24Sandbox,
  options: { userId?: number; returnTo?: string } = {},
) {
  const { jar, callbackPath } = await authorizeAtPortal(server, sandbox, options)
  const callback = await requestWithJar(server, jar, callbackPath)
  if (callback.status !== 302) throw new Error(`callback answered ${callback.status}: ${await callback.text()}`)
  const session = await requestWithJar(server, jar, '/api/auth/session')
  const { csrfToken } = (await session.json()) as { csrfToken: string }
  return { jar, location: callback.headers.get('location')!, csrfToken }
}
