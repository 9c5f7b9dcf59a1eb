/**
 * @module Who is looking at the portal: the user switcher's cookie ("open the portal as user X"). The sandbox has
 * no passwords; whoever opens it picks a user, the administrator by default. The OAuth server's authorize page
 * reads the same cookie.
 */
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { PORTAL_USER_COOKIE } from '../oauth/token-server.ts'
import type { Portal } from '../portal.ts'
import type { UserRecord } from '../state.ts'

/** The portal's first active administrator (the default viewer). */
export function defaultUser(portal: Portal): UserRecord {
  const users = portal.state.users.filter((user) => user.ACTIVE)
  const user = users.find((candidate) => candidate.IS_ADMIN) ?? users[0]
  if (!user) throw new Error('The sandbox portal has no active users')
  return user
}

/** The active user the cookie names, or the default user when the cookie is absent or stale. */
export function currentUser(c: Context, portal: Portal): UserRecord {
  const id = Number(getCookie(c, PORTAL_USER_COOKIE))
  return portal.state.users.find((user) => user.ID === id && user.ACTIVE) ?? defaultUser(portal)
}

/** Makes `userId` the current user of this browser. @returns false when no such active user exists. */
export function switchUser(c: Context, portal: Portal, userId: number): boolean {
  if (!portal.state.users.some((user) => user.ID === userId && user.ACTIVE)) return false
  setCookie(c, PORTAL_USER_COOKIE, String(userId), { path: '/', httpOnly: true, sameSite: 'Lax' })
  return true
}

/** "Имя Фамилия" of a user, as the portal shows names. */
export function userName(user: UserRecord): string {
  return `${user.NAME} ${user.LAST_NAME}`.trim()
}
