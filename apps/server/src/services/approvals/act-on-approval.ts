/**
 * @module The actions on an existing approval: decide, cancel, remind, reassign and resubmit. Each is one
 * domain command applied with the caller as actor and committed with its effects (see `commit-transition.ts`).
 */
import type {
  Actor,
  Approval,
  CardBinding,
  Channel,
  ResponseKind,
  ResubmitChangesInput,
  UserId,
} from '../../domain/index.ts'
import { ValidationError } from '../../ports/errors.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { changeApproval, type CommitDeps } from './commit-transition.ts'
import type { PortalPeople } from './portal-users.ts'

/** What the actions need. */
export interface ActionDeps extends CommitDeps {
  directory: PortalDirectory
  people: PortalPeople
}

/** Who acts on which approval, from where. */
export interface ActionTarget {
  memberId: string
  approvalId: string
  actor: Actor
  channel: Channel
}

/**
 * An approver answers.
 * @throws ConflictError `ALREADY_DECIDED` / `ALREADY_ANSWERED` (409); PermissionError `NOT_AN_APPROVER`;
 * ValidationError for the comment policy; NotFoundError `APPROVAL_NOT_FOUND`.
 */
export function decideApproval(
  deps: ActionDeps,
  target: ActionTarget,
  input: { response: ResponseKind; comment?: string | null; card?: CardBinding },
): Promise<Approval> {
  return changeApproval(deps, target, () => ({ type: 'decide', actor: target.actor, ...input }))
}

/** The initiator or an admin cancels, with a reason. @throws as {@link decideApproval}. */
export function cancelApproval(deps: ActionDeps, target: ActionTarget, reason: string): Promise<Approval> {
  return changeApproval(deps, target, () => ({ type: 'cancel', actor: target.actor, reason }))
}

/** The initiator or an admin reminds the pending approvers now. @throws as {@link decideApproval}. */
export function remindApprovers(deps: ActionDeps, target: ActionTarget): Promise<Approval> {
  return changeApproval(deps, target, () => ({ type: 'remind', actor: target.actor }))
}

async function checkUsers(deps: ActionDeps, memberId: string, ids: UserId[]): Promise<void> {
  if (ids.length === 0) return
  const people = await deps.people.people(memberId, () => deps.directory.portal(memberId), ids)
  const known = new Set(people.users.map((u) => u.id))
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length > 0) {
    throw new ValidationError('UNKNOWN_USERS', `No active portal user has the id ${unknown.join(', ')}`)
  }
}

/**
 * Hands a place to another active portal user. @throws ValidationError `UNKNOWN_USERS`, and as
 * {@link decideApproval}.
 */
export async function reassignApproval(
  deps: ActionDeps,
  target: ActionTarget,
  input: { fromUserId: UserId; toUserId: UserId; reason: string },
): Promise<Approval> {
  await checkUsers(deps, target.memberId, [input.toUserId])
  return changeApproval(deps, target, () => ({ type: 'reassign', actor: target.actor, ...input }))
}

/** The initiator edits a returned approval and starts a new round. @throws as {@link reassignApproval}. */
export async function resubmitApproval(
  deps: ActionDeps,
  target: ActionTarget,
  input: { changes: ResubmitChangesInput; comment?: string | null },
): Promise<Approval> {
  await checkUsers(deps, target.memberId, [...new Set((input.changes.stages ?? []).flatMap((s) => s.approverIds))])
  return changeApproval(deps, target, () => ({ type: 'resubmit', actor: target.actor, ...input }))
}
