/** @module Answering an approval from the web (`POST /api/app/approvals/:id/decision`). */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** An answer with its optional comment. */
export interface DecisionInput {
  response: 'approve' | 'reject' | 'send-back'
  comment: string | null
}

/** Sends decisions; `decidingId` names the approval being answered, `error` the last failure. */
export function useApprovalDecision() {
  const portal = usePortalStore()
  const decidingId = ref<string | null>(null)
  const { error, guarded } = useRequestState()

  /** Sends the answer; resolves to the updated approval, or null when the server refused it (see `error`). */
  async function decide(id: string, input: DecisionInput): Promise<ApprovalDto | null> {
    let approval: ApprovalDto | null = null
    decidingId.value = id
    await guarded(async () => {
      const json = { response: input.response, comment: input.comment?.trim() || null }
      approval = (await readJson(portal.client().api.app.approvals[':id'].decision.$post({ param: { id }, json })))
        .approval
    })
    decidingId.value = null
    return approval
  }

  return { decidingId, error, decide }
}
