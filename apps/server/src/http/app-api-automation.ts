/**
 * @module The SPA API of the Automation page (`/api/app/automation/*`), for portal admins only: the automation
 * rules (list with what each did, create, replace, delete). The editor's pickers read `/api/app/crm-catalog`.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { ruleInputSchema } from '../domain/index.ts'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import { createRule, deleteRule, listRulesWithActivity, updateRule } from '../services/automation/rule-records.ts'
import { requireAdmin, type AppApiEnv } from './app-auth.ts'
import { validate } from './validate.ts'

const idParam = z.object({ id: z.string().regex(/^[0-9A-Za-z]{1,40}$/) })

/** Creates the `/automation/*` routes (below `/api/app`); every one needs a portal admin. */
export function createAutomationRoutes(deps: ActionDeps) {
  return new Hono<AppApiEnv>()
    .use('/automation/*', requireAdmin())
    .get('/automation/rules', async (c) => {
      return c.json({ rules: await listRulesWithActivity(deps.store, c.var.appUser.portal.memberId) }, 200)
    })
    .post('/automation/rules', validate('json', ruleInputSchema), async (c) => {
      const author = { memberId: c.var.appUser.portal.memberId, userId: c.var.appUser.userId }
      return c.json({ rule: await createRule(deps, author, c.req.valid('json')) }, 201)
    })
    .put('/automation/rules/:id', validate('param', idParam), validate('json', ruleInputSchema), async (c) => {
      const author = { memberId: c.var.appUser.portal.memberId, userId: c.var.appUser.userId }
      return c.json({ rule: await updateRule(deps, author, c.req.valid('param').id, c.req.valid('json')) }, 200)
    })
    .delete('/automation/rules/:id', validate('param', idParam), async (c) => {
      await deleteRule(deps.store, c.var.appUser.portal.memberId, c.req.valid('param').id)
      return c.json({ deleted: true }, 200)
    })
}
