/**
 * @module The JSON shapes of approvals in the SPA API: the whole approval with the caller's roles and allowed
 * actions, and a short row for lists. The portal's `member_id` and the robot's `event_token` stay inside.
 */
import {
  allowedActions,
  allowedResponses,
  canSendBack,
  listDeadlineAt,
  rolesOf,
  waitingFor,
  type Actor,
  type Approval,
} from '../domain/index.ts'
import type { ApprovalWriteBackProblem, PortalWriteBackProblem } from '../services/outbox/write-back-problems.ts'

/**
 * One approval as the SPA shows it; `waitingFor` names who still has to answer, `allowedResponses` lists the answers the caller may give now (send-back only
 * where the approval allows it), and `isSendBackAllowed` is filled in for approvals stored without it.
 */
export function toApprovalDto(approval: Approval, actor: Actor) {
  const { memberId: _memberId, robotEventToken, ...rest } = approval
  return {
    ...rest,
    attachments: approval.attachments ?? [],
    isSendBackAllowed: canSendBack(approval),
    isFromRobot: robotEventToken !== null,
    roles: rolesOf(approval, actor),
    waitingFor: waitingFor(approval),
    allowedActions: allowedActions(approval, actor),
    allowedResponses: allowedResponses(approval, actor.userId),
  }
}

/**
 * One thing the app could not write into Bitrix24 for an approval, as its page shows it: the operation kind
 * (task, task comment, timeline entry, notification, robot result), `retrying` / `failed` / `refused`, the
 * portal's error code (`null` when it gave none) and reason, the attempts made and when it last failed.
 */
export function toWriteBackProblemDto(problem: ApprovalWriteBackProblem) {
  const { kind, state, code, reason, attempts, at } = problem
  return { kind, state, code, reason, attempts, at }
}

/** A row of the admins' list of write-back problems: {@link toWriteBackProblemDto} with its approval. */
export function toPortalWriteBackProblemDto(problem: PortalWriteBackProblem) {
  return { approvalId: problem.approvalId, title: problem.title, ...toWriteBackProblemDto(problem) }
}

/** A row of the approval list. */
export function toApprovalRow(approval: Approval, actor: Actor) {
  const round = approval.rounds.at(-1)
  const stage = round?.stages[round.stageIndex]
  return {
    id: approval.id,
    title: approval.title,
    status: approval.status,
    initiatorId: approval.initiatorId,
    subject: approval.subject,
    templateId: approval.templateId,
    /** The approval's comment policy, said beside the answer buttons. */
    commentPolicy: approval.commentPolicy,
    round: round?.number ?? 1,
    stageNumber: (round?.stageIndex ?? 0) + 1,
    stageCount: round?.stages.length ?? approval.stages.length,
    waitingFor: waitingFor(approval),
    /** When the approval, or its active stage, was marked overdue by a deadline; `null` while on time. */
    overdueAt: approval.status === 'pending' ? (approval.overdueAt ?? stage?.overdueAt ?? null) : null,
    /** The deadline the pending approval is measured against (the list's `deadline` order); `null` without one. */
    dueAt: listDeadlineAt(approval),
    createdAt: approval.createdAt,
    updatedAt: approval.updatedAt,
    closedAt: approval.closedAt,
    allowedActions: allowedActions(approval, actor),
    allowedResponses: allowedResponses(approval, actor.userId),
  }
}
