/** @module The approval page's workflow: the approval, deciding, the other actions and opening the subject. */
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { useI18n } from 'vue-i18n'
import { usePortalStore } from '../stores/portal.ts'
import { useUsersStore } from '../stores/users.ts'
import { useApproval, type ApprovalActionInput } from './approval.ts'
import { useApprovalDecision, type DecisionInput } from './approval-decision.ts'
import { useNotify } from './notify.ts'
import { subjectPath } from './subject.ts'

/** Everything the approval page shows and does. */
export function useApprovalPage(id: MaybeRefOrGetter<string>) {
  const portal = usePortalStore()
  const notify = useNotify()
  const users = useUsersStore()
  const { t } = useI18n()
  const { approval, writeBackProblems, isLoading, error, load, run } = useApproval(id)
  const decision = useApprovalDecision()
  const round = computed(() => approval.value?.rounds.at(-1) ?? null)
  // Who still has to answer, as the server computes it.
  const pendingIds = computed(() => approval.value?.waitingFor ?? [])

  async function decide(input: DecisionInput) {
    const updated = await decision.decide(toValue(id), input)
    if (updated) {
      approval.value = updated
      notify.success(t('decision.done'))
    } else if (decision.error.value) notify.failure(decision.error.value)
  }

  async function act(input: ApprovalActionInput) {
    if (await run(input)) notify.success(doneText(input))
    else if (error.value) notify.failure(error.value)
  }

  /** What happened, in words: "The approval is cancelled", "Anna's place is handed to Boris". */
  function doneText(input: ApprovalActionInput): string {
    if (input.action === 'reassign') {
      const names = { from: users.nameOf(input.fromUserId), to: users.nameOf(input.toUserId) }
      return t('approval.done.reassign', names)
    }
    return t(`approval.done.${input.action}`)
  }

  async function openSubject() {
    const path = subjectPath(approval.value?.subject ?? null)
    if (path) await portal.frame?.openPath(path)
  }

  return {
    approval,
    writeBackProblems,
    round,
    pendingIds,
    isLoading,
    error,
    load,
    decide,
    act,
    openSubject,
    isDeciding: decision.decidingId,
  }
}
