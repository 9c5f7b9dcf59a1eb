/**
 * @module Leavers in a stage that starts: an approver deactivated in Bitrix24 never gets a place. Their place goes
 * to their nearest department head (see `escalationTarget`: never someone already chosen for the stage, never
 * another leaver, nor the initiator unless self-approval is allowed); with nobody to take it the place is dropped
 * and the stage's rule counts the places that remain.
 */
import type { Approval, Leaver, LeaverHandover, UserId } from './approval.ts'
import { escalationTarget, type OrgStructure } from './escalation.ts'

/** The structure with the leavers' own departments, so their heads can be found. */
function withLeavers(org: OrgStructure, leavers: readonly Leaver[]): OrgStructure {
  const userDepartments = { ...org.userDepartments }
  for (const leaver of leavers) userDepartments[String(leaver.userId)] ??= leaver.departmentIds
  return { ...org, userDepartments }
}

/** The chosen approvers with every leaver replaced by their head (or dropped), and what happened to each. */
export interface LeaverReplacement {
  chosen: UserId[]
  /** Who took each replaced approver's place, by the leaver's id. */
  replacedBy: Map<UserId, UserId>
  leavers: LeaverHandover[]
}

/**
 * Replaces the leavers among `chosen` (in order; a head takes the leaver's position). `isInitiatorAllowed` says
 * whether the initiator may hold a place (the last resort of {@link escalationTarget}).
 */
export function replaceLeavers(
  chosen: readonly UserId[],
  approval: Approval,
  org: OrgStructure,
  leavers: readonly Leaver[],
  isInitiatorAllowed: boolean,
): LeaverReplacement {
  const left = new Set(leavers.map((leaver) => leaver.userId))
  const replacedBy = new Map<UserId, UserId>()
  if (!chosen.some((id) => left.has(id))) return { chosen: [...chosen], replacedBy, leavers: [] }
  const structure = withLeavers(org, leavers)
  const taken = new Set([...chosen, ...left])
  if (!isInitiatorAllowed) taken.add(approval.initiatorId)
  const handovers: LeaverHandover[] = []
  const kept: UserId[] = []
  for (const userId of chosen) {
    if (!left.has(userId)) {
      kept.push(userId)
      continue
    }
    const target = escalationTarget(structure, userId, approval.initiatorId, taken)
    handovers.push({ userId, toUserId: target })
    if (target === null) continue
    taken.add(target)
    replacedBy.set(userId, target)
    kept.push(target)
  }
  return { chosen: kept, replacedBy, leavers: handovers }
}
