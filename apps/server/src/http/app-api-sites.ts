/**
 * @module The Websites page's API (issue 20), admins only: the portal's sites (`/api/app/sites`), the delivery
 * log of received leads (`/api/app/leads`) and the retry of one that is failing.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { siteInputSchema, siteKeyPattern } from '../domain/leads/index.ts'
import type { Clock } from '../ports/clock.ts'
import type { Store } from '../ports/store.ts'
import type { LeadDeliveryItem } from '../services/leads/lead-records.ts'
import { listLeadLog, retryLead } from '../services/leads/lead-log.ts'
import { addSite, listSites, removeSite, updateSite } from '../services/leads/lead-sites.ts'
import { requireAdmin, type AppApiEnv } from './app-auth.ts'
import { validate } from './validate.ts'

/** What the Websites API needs. */
export interface SiteApiDeps {
  store: Store
  clock: Clock
  /** The public base URL, for the snippet's endpoint. */
  appUrl: string
  kick(item: LeadDeliveryItem): void
}

const keyParam = z.object({ key: z.string().regex(siteKeyPattern) })
const receiptParam = z.object({ receiptId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) })
const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
})

/** Creates the `/sites` and `/leads` routes (below `/api/app`). */
export function createSiteRoutes(deps: SiteApiDeps) {
  return new Hono<AppApiEnv>()
    .use('/sites/*', requireAdmin())
    .use('/sites', requireAdmin())
    .use('/leads/*', requireAdmin())
    .use('/leads', requireAdmin())
    .get('/sites', async (c) => {
      const sites = await listSites(deps.store, c.var.appUser.portal.memberId)
      return c.json({ sites, intakeUrl: `${deps.appUrl}/api/leads/` }, 200)
    })
    .post('/sites', validate('json', siteInputSchema), async (c) => {
      const site = await addSite(deps, c.var.appUser.portal.memberId, c.req.valid('json'))
      return c.json({ site }, 201)
    })
    .put('/sites/:key', validate('param', keyParam), validate('json', siteInputSchema), async (c) => {
      const site = await updateSite(deps, c.var.appUser.portal.memberId, c.req.valid('param').key, c.req.valid('json'))
      return c.json({ site }, 200)
    })
    .delete('/sites/:key', validate('param', keyParam), async (c) => {
      await removeSite(deps, c.var.appUser.portal.memberId, c.req.valid('param').key)
      return c.json({ deleted: true }, 200)
    })
    .get('/leads', validate('query', logQuery), async (c) => {
      const page = await listLeadLog(deps.store, c.var.appUser.portal.memberId, c.req.valid('query'))
      return c.json(page, 200)
    })
    .post('/leads/:receiptId/retry', validate('param', receiptParam), async (c) => {
      const entry = await retryLead(deps, c.var.appUser.portal.memberId, c.req.valid('param').receiptId)
      return c.json({ entry }, 202)
    })
}
