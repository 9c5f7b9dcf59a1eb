/**
 * @module The approval routes of the SPA API (`/api/app/approvals`): start, list, read, and the actions
 * decide, cancel, remind, reassign and resubmit. Authentication is the SPA API middleware of `app-api.ts`
 * (mounted before these routes), which sets `c.var.appUser`; permissions per role are the domain's.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  approvalDraftSchema,
  cancelInputSchema,
  decisionInputSchema,
  reassignInputSchema,
  resubmitChangesSchema,
  type Actor,
} from '../domain/index.ts'
import {
  cancelApproval,
  decideApproval,
  reassignApproval,
  remindApprovers,
  resubmitApproval,
  type ActionDeps,
  type ActionTarget,
} from '../services/approvals/act-on-approval.ts'
import { getApproval, listApprovals } from '../services/approvals/list-approvals.ts'
import { startApproval } from '../services/approvals/start-approval.ts'
import type { AppApiEnv } from './app-api.ts'
import type { AppUser } from '../services/authenticate-app-user.ts'
import { toApprovalDto, toApprovalRow } from './approval-dto.ts'
import { validate } from './validate.ts'

const idParam = z.object({ id: z.string().regex(/^[0-9A-Za-z]{1,40}$/) })

/** Query of `GET /api/app/approvals`. */
export const approvalListQuerySchema = z.object({
  role: z.enum(['initiator', 'approver', 'all']).default('approver'),
  status: z.enum(['pending', 'approved', 'rejected', 'returned', 'cancelled', 'expired']).optional(),
  templateId: z.string().min(1).max(40).optional(),
  subjectKind: z.enum(['deal', 'lead', 'task']).optional(),
  subjectId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(500).optional(),
})

/** Body of `POST /api/app/approvals/:id/resubmit`. */
export const resubmitInputSchema = z.object({
  changes: resubmitChangesSchema.default({}),
  comment: z.string().max(4000).nullable().optional(),
})

const actorOf = (user: AppUser): Actor => ({ userId: user.userId, isAdmin: user.isAdmin })

function target(user: AppUser, approvalId: string): ActionTarget {
  return { memberId: user.portal.memberId, approvalId, actor: actorOf(user), channel: 'web' }
}

/** Creates the `/app/approvals` routes over the approval services. */
export function createApprovalRoutes(deps: ActionDeps) {
  return new Hono<AppApiEnv>()
    .post('/app/approvals', validate('json', approvalDraftSchema), async (c) => {
      const user = c.var.appUser
      const request = { memberId: user.portal.memberId, initiatorId: user.userId, channel: 'web' as const }
      const approval = await startApproval(deps, { ...request, draft: c.req.valid('json') })
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 201)
    })
    .get('/app/approvals', validate('query', approvalListQuerySchema), async (c) => {
      const { subjectKind, subjectId, q, ...query } = c.req.valid('query')
      const subject = subjectKind && subjectId ? { kind: subjectKind, id: subjectId } : undefined
      const user = c.var.appUser
      const page = await listApprovals(deps.store, user.portal.memberId, actorOf(user), { ...query, subject, text: q })
      return c.json({ items: page.items.map((a) => toApprovalRow(a, actorOf(user))), cursor: page.cursor }, 200)
    })
    .get('/app/approvals/:id', validate('param', idParam), async (c) => {
      const user = c.var.appUser
      const approval = await getApproval(deps.store, user.portal.memberId, c.req.valid('param').id, actorOf(user))
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
    })
    .post(
      '/app/approvals/:id/decision',
      validate('param', idParam),
      validate('json', decisionInputSchema),
      async (c) => {
        const user = c.var.appUser
        const approval = await decideApproval(deps, target(user, c.req.valid('param').id), c.req.valid('json'))
        return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
      },
    )
    .post('/app/approvals/:id/cancel', validate('param', idParam), validate('json', cancelInputSchema), async (c) => {
      const user = c.var.appUser
      const approval = await cancelApproval(deps, target(user, c.req.valid('param').id), c.req.valid('json').reason)
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
    })
    .post('/app/approvals/:id/remind', validate('param', idParam), async (c) => {
      const user = c.var.appUser
      const approval = await remindApprovers(deps, target(user, c.req.valid('param').id))
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
    })
    .post(
      '/app/approvals/:id/reassign',
      validate('param', idParam),
      validate('json', reassignInputSchema),
      async (c) => {
        const user = c.var.appUser
        const approval = await reassignApproval(deps, target(user, c.req.valid('param').id), c.req.valid('json'))
        return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
      },
    )
    .post(
      '/app/approvals/:id/resubmit',
      validate('param', idParam),
      validate('json', resubmitInputSchema),
      async (c) => {
        const user = c.var.appUser
        const approval = await resubmitApproval(deps, target(user, c.req.valid('param').id), c.req.valid('json'))
        return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
      },
    )
}
