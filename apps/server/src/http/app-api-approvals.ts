/**
 * @module The approval routes of the SPA API (`/api/app/approvals`): start, list and read here, the actions on
 * one approval in `app-api-approval-actions.ts`. Authentication is the SPA API router's (`app-api.ts`),
 * which sets `c.var.appUser`; permissions per role are the domain's.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  MAX_APPROVAL_ATTACHMENTS,
  approvalListRoles,
  approvalRequestSchema,
  approvalSorts,
  approvalStatuses,
  subjectKinds,
} from '../domain/index.ts'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import { withPortalSubject } from '../services/approvals/approval-subjects.ts'
import { checkVisibleGroups } from '../services/approvals/stage-catalog.ts'
import { getApproval, listApprovals } from '../services/approvals/list-approvals.ts'
import { startApproval } from '../services/approvals/start-approval.ts'
import { startApprovalOnce } from '../services/approvals/start-approval-once.ts'
import { stageChunk, uploadIdPattern } from '../services/leads/lead-uploads.ts'
import { approvalWriteBackProblems } from '../services/outbox/write-back-problems.ts'
import { viewerOf } from '../services/people/access-settings.ts'
import { actorOf, approvalIdParam, createApprovalActionRoutes } from './app-api-approval-actions.ts'
import type { AppApiEnv } from './app-auth.ts'
import { toApprovalDto, toApprovalRow, toWriteBackProblemDto } from './approval-dto.ts'
import { chunkFields, chunkOf } from './leads.ts'
import { validate } from './validate.ts'

/** Query of `GET /api/app/approvals`. */
export const approvalListQuerySchema = z.object({
  role: z.enum(approvalListRoles).default('approver'),
  status: z.enum(approvalStatuses).optional(),
  templateId: z.string().min(1).max(40).optional(),
  subjectKind: z.enum(subjectKinds).optional(),
  subjectId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(approvalSorts).default('newest'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(500).optional(),
})

/** The optional `Idempotency-Key` of a create: printable ASCII, at most 255 characters. */
const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional(),
})

/**
 * The body of `POST /api/app/approvals`: the draft, the files staged for it (`POST /api/app/uploads`) and the
 * Drive files chosen for it (`GET /api/app/drive`, `GET /api/app/subjects/:kind/:id/files`), by Drive id.
 */
const startRequestSchema = approvalRequestSchema.extend({
  uploads: z.array(z.string().regex(uploadIdPattern)).max(MAX_APPROVAL_ATTACHMENTS).default([]),
  driveFiles: z
    .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
    .max(MAX_APPROVAL_ATTACHMENTS)
    .default([]),
})

/** Creates the `/approvals` routes over the approval services, the actions included (below `/api/app`). */
export function createApprovalRoutes(deps: ActionDeps) {
  return new Hono<AppApiEnv>()
    .post('/approvals', validate('header', idempotencyHeader), validate('json', startRequestSchema), async (c) => {
      const user = c.var.appUser
      const reader = { memberId: user.portal.memberId, accessToken: c.var.appAccessToken }
      const { uploads, driveFiles, ...body } = c.req.valid('json')
      const request = { memberId: user.portal.memberId, initiatorId: user.userId, channel: 'web' as const }
      const files = { uploadIds: uploads, driveFileIds: driveFiles, accessToken: reader.accessToken }
      await checkVisibleGroups(deps, reader, body)
      const draft = { ...request, ...files, draft: await withPortalSubject(deps.directory, reader, body) }
      const key = c.req.valid('header')['idempotency-key']
      const approval = key ? (await startApprovalOnce(deps, draft, key)).approval : await startApproval(deps, draft)
      return c.json({ approval: toApprovalDto(approval, actorOf(user)) }, 201)
    })
    .get('/approvals', validate('query', approvalListQuerySchema), async (c) => {
      const { subjectKind, subjectId, q, ...query } = c.req.valid('query')
      const subject = subjectKind && subjectId ? { kind: subjectKind, id: subjectId } : undefined
      const user = c.var.appUser
      const viewer = await viewerOf(deps, user.portal.memberId, actorOf(user))
      const page = await listApprovals(deps.store, user.portal.memberId, viewer, { ...query, subject, text: q })
      return c.json({ items: page.items.map((a) => toApprovalRow(a, actorOf(user))), cursor: page.cursor }, 200)
    })
    .get('/approvals/:id', validate('param', approvalIdParam), async (c) => {
      const user = c.var.appUser
      const memberId = user.portal.memberId
      const viewer = await viewerOf(deps, memberId, actorOf(user))
      const approval = await getApproval(deps.store, memberId, c.req.valid('param').id, viewer)
      const problems = await approvalWriteBackProblems(deps.store, memberId, approval.id)
      const writeBackProblems = problems.map(toWriteBackProblemDto)
      return c.json({ approval: toApprovalDto(approval, actorOf(user)), writeBackProblems }, 200)
    })
    .post('/uploads', validate('form', chunkFields), async (c) => {
      await stageChunk(deps.store, c.var.appUser.portal.memberId, await chunkOf(c.req.valid('form')))
      return c.body(null, 204)
    })
    .route('/', createApprovalActionRoutes(deps))
}
