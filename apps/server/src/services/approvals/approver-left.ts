/**
 * @module Leavers (issue #19): when Bitrix24 says an employee was deactivated, every approval waiting for their
 * answer hands their place to their nearest department head — through the approval machine's `approver-left`
 * command, so it is audited, the new holder gets the task and the card, and the initiator is told. Places in
 * stages that have not started are handed over when the stage starts (`portal-leavers.ts`, `domain/stage-leavers.ts`).
 */
import type { Leaver, OrgStructure } from '../../domain/index.ts'
import { AppError } from '../../ports/errors.ts'
import type { ActionDeps } from './act-on-approval.ts'
import { changeApproval } from './commit-transition.ts'
import { approvalIndex, loadApproval } from './approval-records.ts'

/** What happened to the leaver's open places: handed over, or left where they are because nobody can take them. */
export interface LeaverReport {
  handedOver: string[]
  stuck: string[]
}

/** Refusals that only mean "nothing to hand over here". */
const nothingToDo = new Set(['NOT_AN_APPROVER', 'ALREADY_DECIDED', 'AWAITING_RESUBMIT', 'NO_HANDOVER_TARGET'])

/** The portal's structure with the leaver's own departments, so their head can be found. */
async function orgWithLeaver(deps: ActionDeps, memberId: string, leaver: Leaver): Promise<OrgStructure> {
  const { org } = await deps.people.people(memberId, () => deps.directory.portal(memberId))
  return { ...org, userDepartments: { ...org.userDepartments, [String(leaver.userId)]: leaver.departmentIds } }
}

/**
 * Hands every open place of `leaver` (in the active stage of a pending approval) to their head. Safe to run
 * again: an approval where they no longer hold an open place is left alone.
 * @throws the Portal port's errors when the structure cannot be read.
 */
export async function handOverLeaverPlaces(deps: ActionDeps, memberId: string, leaver: Leaver): Promise<LeaverReport> {
  const report: LeaverReport = { handedOver: [], stuck: [] }
  let org: OrgStructure | undefined
  let cursor: string | undefined
  do {
    const page = await deps.store.indexPage(approvalIndex.approver(memberId, leaver.userId), {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    })
    for (const { member: approvalId } of page.entries) {
      const { approval } = (await loadApproval(deps.store, memberId, approvalId)).value
      if (approval.status !== 'pending') continue
      org ??= await orgWithLeaver(deps, memberId, leaver)
      const structure = org
      const target = { memberId, approvalId, channel: 'system' as const }
      try {
        await changeApproval(deps, target, () => ({ type: 'approver-left', userId: leaver.userId, org: structure }))
        report.handedOver.push(approvalId)
      } catch (error) {
        if (!(error instanceof AppError) || !nothingToDo.has(error.code)) throw error
        if (error.code === 'NO_HANDOVER_TARGET') report.stuck.push(approvalId)
      }
    }
    cursor = page.cursor
  } while (cursor)
  return report
}
