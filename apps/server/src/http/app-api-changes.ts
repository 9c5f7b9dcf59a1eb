/**
 * @module `GET /api/app/changes` (issue 23, live updates): the portal's approval change stamp, for open pages to
 * poll with a conditional request. The answer carries `ETag: "<stamp>"`; a request whose `If-None-Match` names
 * the current stamp gets an empty 304, so an idle page costs one counter read every few seconds. Polling rather
 * than server-sent events because a Vercel function is billed and capped per open connection, and KV offers no
 * subscription over REST; docs/live-updates.md has the figures.
 */
import { Hono } from 'hono'
import type { Store } from '../ports/store.ts'
import { approvalChangeStamp } from '../services/approvals/approval-changes.ts'
import type { AppApiEnv } from './app-auth.ts'

/** How often an open page asks, in milliseconds (the SPA reads it from the answer). */
export const changesPollMs = 3_000

/** Whether `If-None-Match` names `etag` (a list, a weak form or `*`). */
function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === etag)
}

/** Creates the change-stamp route (under the authenticated SPA router). */
export function createChangeRoutes(deps: { store: Store }) {
  return new Hono<AppApiEnv>().get('/changes', async (c) => {
    const stamp = await approvalChangeStamp(deps.store, c.var.appUser.portal.memberId)
    const etag = `"${stamp}"`
    c.header('ETag', etag)
    c.header('Cache-Control', 'private, no-cache')
    if (isNotModified(c.req.header('if-none-match'), etag)) return c.body(null, 304)
    return c.json({ stamp, pollMs: changesPollMs }, 200)
  })
}
