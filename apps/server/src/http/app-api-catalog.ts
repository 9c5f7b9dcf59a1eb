/**
 * @module The SPA API's supporting routes for approvals: templates (`/api/app/templates`, writes and samples for admins),
 * settings (`/api/app/settings`, writes for admins), the portal's users and departments for pickers
 * (`/api/app/users`, `/api/app/departments`, served from the people cache), the workgroups and the CRM
 * pipelines, stages and sources for stage roles, conditions and rules (`/api/app/groups`, `/api/app/crm-catalog`)
 * and the caller's absences (`/api/app/absences`).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import {
  approvalSettingsSchema,
  loadSettings,
  loadSettingsHistory,
  saveSettings,
} from '../services/approvals/approval-settings.ts'
import {
  createTemplate,
  deleteTemplate,
  listTemplates,
  loadTemplate,
  templateInputSchema,
  updateTemplate,
} from '../services/approvals/approval-templates.ts'
import { addSampleTemplates } from '../services/approvals/sample-templates.ts'
import {
  absenceInputSchema,
  checkDeputy,
  listMyAbsences,
  removeAbsence,
  setAbsence,
} from '../services/approvals/absences.ts'
import { listWorkgroups, readCrmCatalog } from '../services/approvals/stage-catalog.ts'
import { NotFoundError } from '../ports/errors.ts'
import { requireAdmin, type AppApiEnv } from './app-auth.ts'
import { validate } from './validate.ts'

const idParam = z.object({ id: z.string().regex(/^[0-9A-Za-z]{1,40}$/) })
const usersQuery = z.object({ q: z.string().trim().max(100).optional() })

/** Creates the `/templates`, `/settings` and `/users` routes (below `/api/app`). */
export function createApprovalCatalogRoutes(deps: ActionDeps) {
  return new Hono<AppApiEnv>()
    .get('/templates', async (c) => {
      return c.json({ templates: await listTemplates(deps.store, c.var.appUser.portal.memberId) }, 200)
    })
    .get('/templates/:id', validate('param', idParam), async (c) => {
      const template = await loadTemplate(deps.store, c.var.appUser.portal.memberId, c.req.valid('param').id)
      if (!template) throw new NotFoundError('TEMPLATE_NOT_FOUND', 'There is no such template in this portal')
      return c.json({ template }, 200)
    })
    .post('/templates/samples', requireAdmin(), async (c) => {
      const { portal, userId } = c.var.appUser
      const { language } = await loadSettings(deps.store, portal.memberId)
      return c.json({ templates: await addSampleTemplates(deps, portal.memberId, language, userId) }, 201)
    })
    .post('/templates', requireAdmin(), validate('json', templateInputSchema), async (c) => {
      const template = await createTemplate(deps, c.var.appUser.portal.memberId, c.req.valid('json'))
      return c.json({ template }, 201)
    })
    .put(
      '/templates/:id',
      requireAdmin(),
      validate('param', idParam),
      validate('json', templateInputSchema),
      async (c) => {
        const memberId = c.var.appUser.portal.memberId
        const template = await updateTemplate(deps, memberId, c.req.valid('param').id, c.req.valid('json'))
        return c.json({ template }, 200)
      },
    )
    .delete('/templates/:id', requireAdmin(), validate('param', idParam), async (c) => {
      await deleteTemplate(deps.store, c.var.appUser.portal.memberId, c.req.valid('param').id)
      return c.json({ deleted: true }, 200)
    })
    .get('/settings', async (c) => {
      const memberId = c.var.appUser.portal.memberId
      const [settings, history] = [
        await loadSettings(deps.store, memberId),
        await loadSettingsHistory(deps.store, memberId),
      ]
      return c.json({ settings, history }, 200)
    })
    .put('/settings', requireAdmin(), validate('json', approvalSettingsSchema), async (c) => {
      const { portal, userId } = c.var.appUser
      const change = { userId, at: new Date(deps.clock.now()).toISOString() }
      const settings = await saveSettings(deps.store, portal.memberId, c.req.valid('json'), change)
      return c.json({ settings, history: await loadSettingsHistory(deps.store, portal.memberId) }, 200)
    })
    .get('/users', validate('query', usersQuery), async (c) => {
      const memberId = c.var.appUser.portal.memberId
      const people = await deps.people.people(memberId, () => deps.directory.portal(memberId))
      const q = c.req.valid('query').q?.toLowerCase()
      const users = q ? people.users.filter((u) => u.name.toLowerCase().includes(q)) : people.users
      return c.json({ users }, 200)
    })
    .get('/departments', async (c) => {
      const memberId = c.var.appUser.portal.memberId
      const people = await deps.people.people(memberId, () => deps.directory.portal(memberId))
      const departments = people.org.departments.map(({ id, parentId, name }) => ({
        id,
        parentId,
        name: name ?? `#${id}`,
      }))
      return c.json({ departments }, 200)
    })
    .get('/groups', async (c) => {
      const reader = { memberId: c.var.appUser.portal.memberId, accessToken: c.var.appAccessToken }
      return c.json({ groups: await listWorkgroups(deps.directory, reader) }, 200)
    })
    .get('/crm-catalog', async (c) => {
      const reader = { memberId: c.var.appUser.portal.memberId, accessToken: c.var.appAccessToken }
      return c.json({ catalog: await readCrmCatalog(deps.directory, reader) }, 200)
    })
    .get('/absences', async (c) => {
      const { portal, userId } = c.var.appUser
      return c.json({ absences: await listMyAbsences(deps.store, portal.memberId, userId, deps.clock.now()) }, 200)
    })
    .post('/absences', validate('json', absenceInputSchema), async (c) => {
      const { portal, userId } = c.var.appUser
      await checkDeputy(deps, portal.memberId, c.req.valid('json').deputyId)
      const absence = await setAbsence(deps, portal.memberId, userId, c.req.valid('json'))
      return c.json({ absence }, 201)
    })
    .delete('/absences/:id', validate('param', idParam), async (c) => {
      const { portal, userId } = c.var.appUser
      await removeAbsence(deps.store, portal.memberId, userId, c.req.valid('param').id)
      return c.json({ deleted: true }, 200)
    })
}
