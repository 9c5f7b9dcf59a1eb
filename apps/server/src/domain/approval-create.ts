/**
 * @module Starting an approval: validate the draft, build round 1 and start its first stage.
 */
import { MAX_APPROVAL_ATTACHMENTS, type ApprovalAttachment } from './approval-attachments.ts'
import type { Approval, ApprovalOrigin, DomainContext, RuleOrigin, UserId } from './approval.ts'
import type { TransitionResult } from './approval-commands.ts'
import { dueAtIssue } from './approval-deadline.ts'
import { approvalDraftSchema, toInputIssues, type ApprovalDraft, type ApprovalDraftInput } from './approval-schemas.ts'
import { newRound, startCurrentStage } from './approval-stages.ts'
import { appendAudit } from './audit.ts'
import { nextDueTimes, scheduleEffects } from './deadlines.ts'
import { refuse, type Refusal } from './refusal.ts'
import { checkStagesForSelfApproval } from './self-approval.ts'
import { planStage } from './stage-resolution.ts'

/** Everything needed to start an approval besides time: the draft, the portal and the initiator. */
export interface CreateApprovalCommand {
  draft: ApprovalDraftInput
  /** The portal's `member_id`. */
  memberId: string
  initiatorId: UserId
  /** Set when a Bitrix24 robot or business-process activity starts the approval. */
  robotEventToken?: string | null
  /** What started it, when not a person in the app. */
  origin?: ApprovalOrigin | null
  /** Set when an automation rule starts the approval. */
  rule?: RuleOrigin | null
  /** Whether the initiator may be one of the approvers (the portal's setting; default: no). */
  isSelfApprovalAllowed?: boolean
  /** The files attached, already checked and stored by the service (at most {@link MAX_APPROVAL_ATTACHMENTS}). */
  attachments?: ApprovalAttachment[]
}

/** The context of a creation: the usual one plus the new approval's id (ulid from the service). */
export interface CreateContext extends DomainContext {
  id: string
}

/** Validates a draft for `now`: the schema, and an approval deadline in the future, at most a year ahead. */
export function parseDraft(input: unknown, now: Date): { ok: true; draft: ApprovalDraft } | Refusal {
  const parsed = approvalDraftSchema.safeParse(input)
  if (!parsed.success) return refuse('INVALID_INPUT', 'The approval is not valid.', toInputIssues(parsed.error))
  const deadline = parsed.data.deadline
  const issue = deadline === null ? null : dueAtIssue(deadline.dueAt, now)
  if (issue) return refuse('INVALID_INPUT', 'The approval is not valid.', [issue])
  return { ok: true, draft: parsed.data }
}

function buildApproval(draft: ApprovalDraft, command: CreateApprovalCommand, ctx: CreateContext): Approval {
  const at = ctx.now.toISOString()
  const deadline = draft.deadline
  return {
    id: ctx.id,
    memberId: command.memberId,
    title: draft.title,
    description: draft.description,
    initiatorId: command.initiatorId,
    subject: draft.subject,
    templateId: draft.templateId,
    commentPolicy: draft.commentPolicy,
    // The service fills in the template's or the portal's default; a draft without one allows sending back.
    isSendBackAllowed: draft.isSendBackAllowed ?? true,
    isSelfApprovalAllowed: command.isSelfApprovalAllowed ?? false,
    reminders: draft.reminders,
    deadline: deadline === null ? null : { ...deadline, dueAt: new Date(deadline.dueAt).toISOString(), firedAt: null },
    stages: draft.stages,
    robotEventToken: command.robotEventToken ?? null,
    ...(command.origin ? { origin: command.origin } : {}),
    ...(command.rule ? { rule: command.rule } : {}),
    ...(command.attachments?.length ? { attachments: command.attachments } : {}),
    status: 'pending',
    rounds: [],
    overdueAt: null,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    audit: [],
  }
}

/**
 * Refuses stages that apply to the subject but whose roles name nobody now (the department has no head, the
 * subject no responsible), so an initiator learns it at once rather than seeing the stage passed over later.
 * Checked only with a directory to resolve roles in.
 */
function unheldRoles(approval: Approval, ctx: CreateContext): Refusal | null {
  if (!ctx.directory) return null
  const issues = approval.stages.flatMap((stage, index) => {
    const config = { approverIds: stage.approverIds, roles: stage.roles ?? [], condition: stage.condition ?? null }
    const plan = planStage(approval, config, ctx.directory, ctx.now, approval.isSelfApprovalAllowed ?? false)
    return plan.resolution.skipped?.kind === 'no-approvers'
      ? [{ path: `stages.${index}.roles`, message: 'Nobody holds these roles now.' }]
      : []
  })
  return issues.length > 0 ? refuse('INVALID_INPUT', 'A stage has nobody to approve it.', issues) : null
}

/**
 * Starts an approval: round 1 at its first stage that applies (roles resolved, absent approvers' deputies
 * seated; when no stage applies it is approved at once), with a task and a notice for each approver of that
 * stage, a CRM timeline comment for a deal or lead, and its timers. Refuses an invalid draft with `INVALID_INPUT`, and
 * stages naming the initiator with `SELF_APPROVAL` unless the portal allows it.
 */
export function createApproval(command: CreateApprovalCommand, ctx: CreateContext): TransitionResult {
  const parsed = parseDraft(command.draft, ctx.now)
  if (!parsed.ok) return parsed
  if ((command.attachments?.length ?? 0) > MAX_APPROVAL_ATTACHMENTS) {
    const message = `At most ${MAX_APPROVAL_ATTACHMENTS} files.`
    return refuse('INVALID_INPUT', 'The approval is not valid.', [{ path: 'attachments', message }])
  }
  const self = checkStagesForSelfApproval(
    parsed.draft.stages,
    command.initiatorId,
    command.isSelfApprovalAllowed ?? false,
  )
  if (!self.ok) return self
  const approval = buildApproval(parsed.draft, command, ctx)
  const unheld = unheldRoles(approval, ctx)
  if (unheld) return unheld
  approval.rounds.push(newRound(approval, 1, approval.createdAt))
  const effects = startCurrentStage(approval, ctx)
  if (approval.subject !== null && approval.subject.kind !== 'task') {
    effects.push({ type: 'timeline-comment', event: 'started', round: 1 })
  }
  appendAudit(approval.audit, {
    at: approval.createdAt,
    action: 'create',
    actorId: command.initiatorId,
    channel: ctx.channel,
    round: 1,
    stageIndex: approval.rounds[0]?.stageIndex ?? 0,
    outcome: approval.status === 'pending' ? null : approval.status,
  })
  effects.push(...scheduleEffects({ reminderAt: null, deadlineAt: null }, nextDueTimes(approval)))
  return { ok: true, state: approval, effects }
}
