/**
 * @module The SPA outside the portal frame (issue 23): signed in with Bitrix24, it gets the same
 * {@link PortalFrame} the pages use inside the portal, backed by the session (`GET /api/auth/session`) instead of
 * the frame. The portal's user and CRM dialogs become the app's own pickers (`standalone-pickers.ts`); portal
 * pages open in a new tab; an ended session sends the person to sign in and back to the same page.
 */
import type { PortalFrame } from './frame.ts'
import { pickCrmItem, pickUsers } from './standalone-pickers.ts'

/** Who is signed in, as `GET /api/auth/session` answers. */
export interface StandaloneSession {
  user: { id: number; name: string; isAdmin: boolean }
  portal: { memberId: string; domain: string; url: string }
  csrfToken: string
}

/** The sign-in address for the portal `domain`, coming back to the SPA route `returnTo`. */
export function signInUrl(baseUrl: string, domain: string, returnTo: string): string {
  const query = new URLSearchParams({ portal: domain, return: returnTo || '/' })
  return `${baseUrl}/api/auth/bitrix24?${query.toString()}`
}

/** The SPA route of the current address (`#/approvals/1` → `/approvals/1`). */
export function currentRoute(hash: string): string {
  return hash.replace(/^#/, '') || '/'
}

/** Asks the server who is signed in; null when nobody is (or the session has ended). */
export async function loadSession(baseUrl: string, doFetch: typeof fetch = fetch): Promise<StandaloneSession | null> {
  const response = await doFetch(`${baseUrl}/api/auth/session`, { credentials: 'same-origin' })
  if (response.status === 401) return null
  if (!response.ok) throw new Error(`The app answered ${response.status}`)
  return (await response.json()) as StandaloneSession
}

/** Ends the session (`POST /api/auth/sign-out` with the CSRF proof). */
export async function signOut(baseUrl: string, session: StandaloneSession): Promise<void> {
  const response = await fetch(`${baseUrl}/api/auth/sign-out`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': session.csrfToken },
  })
  if (!response.ok) throw new Error(`The app answered ${response.status}`)
}

/** The {@link PortalFrame} of a standalone page over `session`. */
export function standaloneFrame(session: StandaloneSession, baseUrl: string, lang: string): PortalFrame {
  const auth = () => ({ accessToken: '', memberId: session.portal.memberId, csrfToken: session.csrfToken })
  return {
    ...{ lang, isAdmin: session.user.isAdmin, isInstallMode: false, placement: 'DEFAULT', placementOptions: {} },
    portalUrl: session.portal.url,
    isStandalone: true,
    auth,
    refreshAuth: () => {
      // The session ended: sign in again, then come back here. The page is left, so this never settles.
      window.location.assign(signInUrl(baseUrl, session.portal.domain, currentRoute(window.location.hash)))
      return new Promise(() => undefined)
    },
    setTitle: async (title) => void (document.title = title),
    followHeight: () => () => undefined,
    call: () => Promise.reject(new Error('Portal calls need the app opened inside Bitrix24')),
    selectUsers: () => pickUsers(),
    selectCrmItem: () => pickCrmItem(),
    openPath: async (path) => void window.open(new URL(path, session.portal.url).toString(), '_blank', 'noopener'),
    installFinish: () => Promise.reject(new Error('The app is installed from inside Bitrix24')),
  }
}
