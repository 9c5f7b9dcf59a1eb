/**
 * @module A deal or lead deleted in Bitrix24 ends its approvals: every pending (or returned) approval about it is
 * cancelled on the channel `bitrix24`, audited with the reason in the portal's language, and its last-seen state
 * is forgotten. Repeating it (the online event and the offline queue both report the deletion) changes nothing.
 */
import type { CrmEntityKind } from '../../domain/index.ts'
import { AppError } from '../../ports/errors.ts'
import { cancelApproval, type ActionDeps } from '../approvals/act-on-approval.ts'
import { approvalIndex, approvalKey, type ApprovalRecord } from '../approvals/approval-records.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { crmSeenKey } from './crm-changes.ts'

const reasons = {
  ru: { deal: 'Сделка удалена в Bitrix24', lead: 'Лид удалён в Bitrix24' },
  en: { deal: 'The deal was deleted in Bitrix24', lead: 'The lead was deleted in Bitrix24' },
} as const

/** The approvals about the entity that are still open (pending or returned). */
async function openApprovals(deps: ActionDeps, memberId: string, kind: CrmEntityKind, id: number) {
  const index = approvalIndex.subject(memberId, { kind, id })
  const open: ApprovalRecord['approval'][] = []
  let cursor: string | undefined
  do {
    const page = await deps.store.indexPage(index, { limit: 100, ...(cursor ? { cursor } : {}) })
    for (const entry of page.entries) {
      const approval = (await deps.store.get<ApprovalRecord>(approvalKey(memberId, entry.member)))?.value.approval
      const isAbout = approval?.subject?.kind === kind && approval.subject.id === id
      if (approval && isAbout && (approval.status === 'pending' || approval.status === 'returned')) open.push(approval)
    }
    cursor = page.cursor
  } while (cursor !== undefined)
  return open
}

const isClosedMeanwhile = (error: unknown) => error instanceof AppError && error.code === 'ALREADY_DECIDED'

/**
 * Cancels the open approvals about a deleted deal or lead, as the user who deleted it (when the event names one,
 * else the initiator) with an administrator's authority, and forgets the entity's last-seen state. Returns how
 * many approvals it cancelled; one closed meanwhile is skipped.
 */
export async function cancelForDeletedEntity(
  deps: ActionDeps,
  memberId: string,
  deleted: { kind: CrmEntityKind; id: number; userId: number | undefined },
): Promise<number> {
  const { language } = await loadSettings(deps.store, memberId)
  const reason = reasons[language][deleted.kind]
  let cancelled = 0
  for (const approval of await openApprovals(deps, memberId, deleted.kind, deleted.id)) {
    const actor = { userId: deleted.userId ?? approval.initiatorId, isAdmin: true }
    const target = { memberId, approvalId: approval.id, actor, channel: 'bitrix24' as const }
    try {
      await cancelApproval(deps, target, reason)
      cancelled += 1
    } catch (error) {
      if (!isClosedMeanwhile(error)) throw error
    }
  }
  await deps.store.delete(crmSeenKey(memberId, deleted))
  return cancelled
}
