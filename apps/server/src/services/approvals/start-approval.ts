/**
 * @module Starting an approval from the SPA (or a robot, or an automation rule): checks that the template exists
 * and that every approver is an active user of the portal, builds round 1 in the domain and commits it with its
 * effects.
 */
import { monotonicFactory } from 'ulid'
import {
  createApproval,
  type Approval,
  type ApprovalDraftInput,
  type ApprovalOrigin,
  type Channel,
  type RuleOrigin,
  type UserId,
} from '../../domain/index.ts'
import { NotFoundError, ValidationError } from '../../ports/errors.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { dropUploads } from '../leads/lead-uploads.ts'
import { dropAttachments, keepAttachments } from './approval-files.ts'
import { loadSettings } from './approval-settings.ts'
import { loadTemplate } from './approval-templates.ts'
import { commitTransition, type CommitDeps } from './commit-transition.ts'
import type { PortalPeople } from './portal-users.ts'
import { refusalError } from './refusal-errors.ts'

/**
 * A new approval id for `now`: a ULID that keeps increasing within one millisecond too, so approvals started
 * together are listed newest first in the order they were started.
 */
export const newApprovalId: (now: number) => string = monotonicFactory()

/** What starting needs. */
export interface StartDeps extends CommitDeps {
  directory: PortalDirectory
  people: PortalPeople
}

/** A request to start an approval. */
export interface StartRequest {
  memberId: string
  initiatorId: UserId
  channel: Channel
  draft: ApprovalDraftInput
  robotEventToken?: string | null
  /** What started it, when not a person in the app. */
  origin?: ApprovalOrigin | null
  /** The automation rule that starts it, as it is now. */
  rule?: RuleOrigin | null
  /** The new approval's id when the caller reserved one (see `start-approval-once.ts`); a fresh ULID otherwise. */
  approvalId?: string
  /** Files staged for it (`POST /api/app/uploads`), by upload id, in the order to show them. */
  uploadIds?: string[]
  /** Drive files to attach after the uploads (the Drive picker's or the subject's), by Drive file id. */
  driveFileIds?: number[]
  /** The initiator's own access token: Drive files are read as they may (robots and rules: as the application). */
  accessToken?: string
  /** Drive files too large or of a refused type are left out instead of refused (robots and rules). */
  isLenientWithFiles?: boolean
}

async function checkApprovers(deps: StartDeps, memberId: string, draft: ApprovalDraftInput): Promise<void> {
  const wanted = [...new Set(draft.stages.flatMap((stage) => stage.approverIds))]
  const people = await deps.people.people(memberId, () => deps.directory.portal(memberId), wanted)
  const known = new Set(people.users.map((u) => u.id))
  const unknown = wanted.filter((id) => !known.has(id))
  if (unknown.length > 0) {
    throw new ValidationError('UNKNOWN_APPROVERS', `No active portal user has the id ${unknown.join(', ')}`, {
      details: unknown.map((id) => ({ path: 'stages.approverIds', message: `Unknown user ${id}` })),
    })
  }
}

/**
 * Starts an approval and returns it (its Bitrix24 tasks, notifications and timeline comment follow through
 * the outbox).
 * @throws ValidationError `INVALID_INPUT` / `UNKNOWN_APPROVERS`; NotFoundError `TEMPLATE_NOT_FOUND`; the Portal
 * port's errors when the people cache has to be fetched and cannot be.
 */
export async function startApproval(deps: StartDeps, request: StartRequest): Promise<Approval> {
  const { memberId } = request
  const template = request.draft.templateId ? await loadTemplate(deps.store, memberId, request.draft.templateId) : null
  if (request.draft.templateId && !template) {
    throw new NotFoundError('TEMPLATE_NOT_FOUND', 'There is no such template in this portal')
  }
  await checkApprovers(deps, memberId, request.draft)
  const { calendar, defaults, isSelfApprovalAllowed } = await loadSettings(deps.store, memberId)
  // "Send back" comes from the draft, else the template, else the portal's default.
  const isSendBackAllowed = request.draft.isSendBackAllowed ?? template?.isSendBackAllowed ?? defaults.isSendBackAllowed
  const draft = { ...request.draft, isSendBackAllowed }
  const directory = await deps.stageDirectory?.load(null, memberId, draft.stages)
  const ctx = {
    now: new Date(deps.clock.now()),
    channel: request.channel,
    calendar,
    id: request.approvalId ?? newApprovalId(deps.clock.now()),
    ...(directory ? { directory } : {}),
  }
  const command = {
    ...{ draft, memberId, initiatorId: request.initiatorId },
    ...{ robotEventToken: request.robotEventToken, origin: request.origin, rule: request.rule },
    isSelfApprovalAllowed,
  }
  const target = { memberId, approvalId: ctx.id }
  const sources = {
    ...{ uploadIds: request.uploadIds ?? [], driveFileIds: request.driveFileIds ?? [] },
    ...{ accessToken: request.accessToken, isLenient: request.isLenientWithFiles },
  }
  const attachments = await keepAttachments(deps, target, sources)
  const result = createApproval({ ...command, attachments }, ctx)
  if (!result.ok) {
    await dropAttachments(deps.store, target, attachments)
    throw refusalError(result)
  }
  const approval = await commitTransition(deps, null, result)
  await dropUploads(deps.store, memberId, request.uploadIds ?? [])
  return approval
}
