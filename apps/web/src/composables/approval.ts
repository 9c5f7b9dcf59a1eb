/** @module One approval (`GET /api/app/approvals/:id`) and the actions on it: cancel, remind, reassign, resubmit. */
import { shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { ResubmitChangesInput } from '../../../server/src/domain/approval-schemas.ts'
import { readJson } from '../api/client.ts'
import type { ApprovalDto, WriteBackProblemDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { onApprovalsChanged } from './live-changes.ts'
import { useRequestState } from './request-state.ts'

/** An action other than deciding, with its body. */
export type ApprovalActionInput =
  | { action: 'cancel'; reason: string }
  | { action: 'remind' }
  | { action: 'reassign'; fromUserId: number; toUserId: number; reason: string }
  | { action: 'resubmit'; comment: string | null; changes?: ResubmitChangesInput }

/**
 * Loads the approval `id` (again when it or any approval of the portal changes) with what could not be written into Bitrix24 for it; `run()`
 * performs an action and keeps the answer.
 */
export function useApproval(id: MaybeRefOrGetter<string>) {
  const portal = usePortalStore()
  const approval = shallowRef<ApprovalDto | null>(null)
  const writeBackProblems = shallowRef<WriteBackProblemDto[]>([])
  const request = useRequestState()
  const guarded = (work: () => Promise<ApprovalDto>) => request.guarded(async () => (approval.value = await work()))

  /** (Re)loads the approval. */
  const load = () =>
    guarded(async () => {
      const body = await readJson(route().$get({ param: { id: toValue(id) } }))
      writeBackProblems.value = body.writeBackProblems
      return body.approval
    })

  const route = () => portal.client().api.app.approvals[':id']

  /** Runs an action; resolves true when the server accepted it (otherwise see `error`). */
  function run(input: ApprovalActionInput): Promise<boolean> {
    const param = { id: toValue(id) }
    return guarded(async () => {
      const r = route()
      if (input.action === 'cancel')
        return (await readJson(r.cancel.$post({ param, json: { reason: input.reason } }))).approval
      if (input.action === 'remind') return (await readJson(r.remind.$post({ param }))).approval
      if (input.action === 'reassign') {
        const { fromUserId, toUserId, reason } = input
        return (await readJson(r.reassign.$post({ param, json: { fromUserId, toUserId, reason } }))).approval
      }
      const json = { changes: input.changes ?? {}, comment: input.comment }
      return (await readJson(r.resubmit.$post({ param, json }))).approval
    })
  }

  watch(() => toValue(id), load, { immediate: true })
  onApprovalsChanged(load)
  return { approval, writeBackProblems, isLoading: request.isLoading, error: request.error, load, run }
}
