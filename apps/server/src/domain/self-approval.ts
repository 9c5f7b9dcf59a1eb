/**
 * @module Self-approval: an initiator answering their own request. It is refused unless the portal allows it;
 * the approval keeps the portal's answer from the moment it was started, so a later change of the setting does
 * not change running approvals.
 */
import type { Approval, StageDefinition, UserId } from './approval.ts'
import { refuse, type InputIssue, type Refusal } from './refusal.ts'

/** An allowed step, or why not. */
type Check = { ok: true } | Refusal

/** Whether the initiator of `approval` may hold a place in it. Approvals without the setting do not allow it. */
export function canSelfApprove(approval: Pick<Approval, 'isSelfApprovalAllowed'>): boolean {
  return approval.isSelfApprovalAllowed === true
}

/**
 * Refuses stages that name the initiator as an approver unless self-approval is allowed. Refusal:
 * `SELF_APPROVAL` with the field path of every stage that names them.
 */
export function checkStagesForSelfApproval(
  stages: readonly Pick<StageDefinition, 'approverIds'>[],
  initiatorId: UserId,
  isAllowed: boolean,
): Check {
  if (isAllowed) return { ok: true }
  const issues: InputIssue[] = stages.flatMap((stage, index) =>
    stage.approverIds.includes(initiatorId)
      ? [{ path: `stages.${index}.approverIds`, message: 'The initiator cannot approve their own request.' }]
      : [],
  )
  if (issues.length === 0) return { ok: true }
  return refuse('SELF_APPROVAL', 'You cannot approve your own request: remove yourself from the approvers.', issues)
}

/** Refuses a place handed to the initiator unless the approval allows self-approval. Refusal: `SELF_APPROVAL`. */
export function checkHandoverToInitiator(approval: Approval, toUserId: UserId): Check {
  if (toUserId !== approval.initiatorId || canSelfApprove(approval)) return { ok: true }
  return refuse('SELF_APPROVAL', 'The initiator of the request cannot take an approver’s place in it.')
}
