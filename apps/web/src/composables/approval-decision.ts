/** @module Answering an approval from the web (`POST /api/app/approvals/:id/decision`). */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { toError } from './request-state.ts'

/** An answer with its optional comment. */
export interface DecisionInput {
  response: 'approve' | 'reject' | 'send-back'
  comment: string | null
}

/** Sends decisions; `decidingId` names the approval being answered, `error` the last failure. */
export function useApprovalDecision() {
  const portal = usePortalStore()
  const decidingId = ref<string | null>(null)
  const error = ref<Error | null>(null)

  /** Sends the answer; resolves to the updated approval, or null when the server refused it (see `error`). */
  async function decide(id: string, input: DecisionInput): Promise<ApprovalDto | null> {
    decidingId.value = id
    error.value = null
    try {
      const json = { response: input.response, comment: input.comment?.trim() || null }
      const answer = await readJson(portal.client().api.app.approvals[':id'].decision.$post({ param: { id }, json }))
      return answer.approval
    } catch (caught) {
      error.value = toError(caught)
      return null
    } finally {
      decidingId.value = null
    }
  }

  return { decidingId, error, decide }
}
