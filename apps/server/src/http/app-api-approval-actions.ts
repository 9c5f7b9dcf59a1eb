/**
 * @module The actions on one approval in the SPA API: decision, cancel, remind, reassign and resubmit
 * (`/api/app/approvals/:id/<action>`), and one answer to many (`/api/app/approvals/decisions`, issue 21). Each parses its body with the shared schema, acts as the verified user
 * and answers with the approval as it now is; refusals become 400/403/409 in `errors.ts`.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  bulkDecisionInputSchema,
  cancelInputSchema,
  summarizeBulk,
  decisionInputSchema,
  reassignInputSchema,
  resubmitRequestSchema,
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
import { decideMany } from '../services/approvals/decide-many.ts'
import { loadApproval } from '../services/approvals/approval-records.ts'
import { withPortalSubject } from '../services/approvals/approval-subjects.ts'
import { checkVisibleGroups } from '../services/approvals/stage-catalog.ts'
import type { AppUser } from '../services/authenticate-app-user.ts'
import type { AppApiEnv } from './app-auth.ts'
import { toApprovalDto } from './approval-dto.ts'
import { validate } from './validate.ts'

/** The `:id` of an approval route. */
export const approvalIdParam = z.object({ id: z.string().regex(/^[0-9A-Za-z]{1,40}$/) })

/** Body of `POST /api/app/approvals/:id/resubmit`. */
export const resubmitInputSchema = z.object({
  changes: resubmitRequestSchema.default({}),
  comment: z.string().max(4000).nullable().optional(),
})

/** The caller as the domain sees them. */
export function actorOf(user: AppUser): Actor {
  return { userId: user.userId, isAdmin: user.isAdmin }
}

function target(user: AppUser, approvalId: string): ActionTarget {
  return { memberId: user.portal.memberId, approvalId, actor: actorOf(user), channel: 'web' }
}

const byId = validate('param', approvalIdParam)

/** Creates the `/approvals/:id/<action>` routes (below the SPA API router, `/api/app`). */
export function createApprovalActionRoutes(deps: ActionDeps) {
  return new Hono<AppApiEnv>()
    .post('/approvals/decisions', validate('json', bulkDecisionInputSchema), async (c) => {
      const user = c.var.appUser
      const who = { memberId: user.portal.memberId, actor: actorOf(user), channel: 'web' as const }
      const results = await decideMany(deps, who, c.req.valid('json'))
      return c.json({ results, summary: summarizeBulk(results) }, 200)
    })
    .post('/approvals/:id/decision', byId, validate('json', decisionInputSchema), async (c) => {
      const user = c.var.appUser
      const approval = await decideApproval(deps, target(user, c.req.valid('param').id), c.req.valid('json'))
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
    })
    .post('/approvals/:id/cancel', byId, validate('json', cancelInputSchema), async (c) => {
      const user = c.var.appUser
      const approval = await cancelApproval(deps, target(user, c.req.valid('param').id), c.req.valid('json').reason)
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
    })
    .post('/approvals/:id/remind', byId, async (c) => {
      const user = c.var.appUser
      const approval = await remindApprovers(deps, target(user, c.req.valid('param').id))
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
    })
    .post('/approvals/:id/reassign', byId, validate('json', reassignInputSchema), async (c) => {
      const user = c.var.appUser
      const approval = await reassignApproval(deps, target(user, c.req.valid('param').id), c.req.valid('json'))
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
    })
    .post('/approvals/:id/resubmit', byId, validate('json', resubmitInputSchema), async (c) => {
      const user = c.var.appUser
      const { changes, comment } = c.req.valid('json')
      const reader = { memberId: user.portal.memberId, accessToken: c.var.appAccessToken }
      const current = await loadApproval(deps.store, user.portal.memberId, c.req.valid('param').id)
      const { templateId, stages } = current.value.approval
      await checkVisibleGroups(deps, reader, { ...changes, templateId }, stages)
      const input = { comment, changes: await withPortalSubject(deps.directory, reader, changes) }
      const approval = await resubmitApproval(deps, target(user, c.req.valid('param').id), input)
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 200)
    })
}
