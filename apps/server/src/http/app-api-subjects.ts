/**
 * @module The SPA API's view of Bitrix24 items: `GET /api/app/subjects/:kind/:id/approvals`, the approvals
 * a deal or lead card's app tab (`CRM_DEAL_DETAIL_TAB`, `CRM_LEAD_DETAIL_TAB`) lists (only those the caller may
 * view), `GET /api/app/subjects/:kind?q=`, the deals or leads the caller's own picker finds outside the portal
 * frame, and `GET /api/app/subjects/:kind/:id`, one of them as a standalone form shows it (both read with the
 * caller's token, so Bitrix24's CRM rights apply). Authentication is the SPA API router's (`app-api.ts`).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { findSubjects, readSubject } from '../services/approvals/approval-subjects.ts'
import { listSubjectApprovals } from '../services/approvals/list-subject-approvals.ts'
import { viewerOf, type ViewerDeps } from '../services/people/access-settings.ts'
import { actorOf } from './app-api-approval-actions.ts'
import type { AppApiEnv } from './app-auth.ts'
import { toApprovalRow } from './approval-dto.ts'
import { validate } from './validate.ts'

/** Path of `GET /api/app/subjects/:kind/:id/approvals`. */
export const subjectParamSchema = z.object({
  kind: z.enum(['deal', 'lead', 'task']),
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
})

/** Path of `GET /api/app/subjects/:kind/:id`: a deal or lead. */
export const crmSubjectParamSchema = subjectParamSchema.extend({ kind: z.enum(['deal', 'lead']) })

/** Query of `GET /api/app/subjects/:kind/:id/approvals`. */
export const subjectApprovalsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(500).optional(),
})

/** Path of `GET /api/app/subjects/:kind`. */
export const subjectSearchParamSchema = z.object({ kind: z.enum(['deal', 'lead']) })

/** Query of `GET /api/app/subjects/:kind`: part of a title, or an id (1–100 characters once trimmed). */
export const subjectSearchQuerySchema = z.object({ q: z.string().trim().min(1).max(100) })

/** Creates the `/subjects/*` routes (below `/api/app`). */
export function createSubjectRoutes(deps: ViewerDeps) {
  return new Hono<AppApiEnv>()
    .get(
      '/subjects/:kind',
      validate('param', subjectSearchParamSchema),
      validate('query', subjectSearchQuerySchema),
      async (c) => {
        const reader = { memberId: c.var.appUser.portal.memberId, accessToken: c.var.appAccessToken }
        const items = await findSubjects(deps.directory, reader, c.req.valid('param').kind, c.req.valid('query').q)
        return c.json({ items }, 200)
      },
    )
    .get('/subjects/:kind/:id', validate('param', crmSubjectParamSchema), async (c) => {
      const reader = { memberId: c.var.appUser.portal.memberId, accessToken: c.var.appAccessToken }
      const ref = c.req.valid('param')
      const { title, amount, currency, url } = await readSubject(deps.directory, reader, ref)
      return c.json({ subject: { ...ref, title, amount, currency, url } }, 200)
    })
    .get(
      '/subjects/:kind/:id/approvals',
      validate('param', subjectParamSchema),
      validate('query', subjectApprovalsQuerySchema),
      async (c) => {
        const user = c.var.appUser
        const query = { subject: c.req.valid('param'), ...c.req.valid('query') }
        const viewer = await viewerOf(deps, user.portal.memberId, actorOf(user))
        const page = await listSubjectApprovals(deps.store, user.portal.memberId, viewer, query)
        return c.json({ items: page.items.map((a) => toApprovalRow(a, actorOf(user))), cursor: page.cursor }, 200)
      },
    )
}
