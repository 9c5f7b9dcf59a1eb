/** @module The home page's lists: waiting for my answer, sent by me, overdue; and answering right there. */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { ApprovalRow } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useApprovalDecision, type DecisionInput } from './approval-decision.ts'
import { useApprovalList } from './approval-list.ts'
import { useNotify } from './notify.ts'

/** Whether a row is overdue: still pending after a deadline marked it (or its active stage) overdue. */
export function isOverdue(row: ApprovalRow): boolean {
  return row.status === 'pending' && row.overdueAt !== null
}

/** Whether `userId` still has to answer `row`. */
export function isWaitingFor(row: ApprovalRow, userId: number | undefined): boolean {
  return row.status === 'pending' && userId !== undefined && row.waitingFor.includes(userId)
}

/** The three home lists with counters, and `decide()` that answers and refreshes them. */
export function useMyApprovals() {
  const portal = usePortalStore()
  const notify = useNotify()
  const { t } = useI18n()
  const approverList = useApprovalList({ role: 'approver', status: 'pending', limit: 50 })
  const sentList = useApprovalList({ role: 'initiator', limit: 20 })
  const userId = computed(() => portal.me?.user.id)
  const waiting = computed(() => approverList.items.value.filter((row) => isWaitingFor(row, userId.value)))
  const overdue = computed(() => [...approverList.items.value, ...sentList.items.value].filter(isOverdue))
  const { decidingId, error, decide: send } = useApprovalDecision()

  /** Answers an approval and reloads the lists; a refusal becomes a toast. */
  async function decide(id: string, input: DecisionInput) {
    const approval = await send(id, input)
    if (!approval) {
      if (error.value) notify.failure(error.value)
      return
    }
    notify.success(t('decision.done'))
    await Promise.all([approverList.reload(), sentList.reload()])
  }

  return { waiting, sent: sentList.items, overdue, approverList, sentList, decidingId, decide }
}
