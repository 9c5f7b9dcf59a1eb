/**
 * @module Answering several approvals at once in the app (issue 21): the rows I may approve now, which of them are
 * selected, and one answer for all (`POST /api/app/approvals/decisions`); each approval is still decided on its
 * own on the server, and the answer says which were not (with the reason a single answer would get).
 */
import { computed, ref, type Ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalRow } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** What one approval of a bulk answer came to. */
export type BulkResult = { approvalId: string; ok: true } | { approvalId: string; ok: false; code: string }

/** The rows `rows` I may answer, the selection among them, and the bulk answer. */
export function useBulkDecision(rows: Ref<ApprovalRow[]>, onDone: () => void) {
  const portal = usePortalStore()
  const selected = ref<string[]>([])
  const comment = ref('')
  const results = ref<BulkResult[] | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const answerable = computed(() => rows.value.filter((row) => row.allowedResponses.includes('approve')))

  function toggle(id: string, isOn: boolean) {
    selected.value = isOn ? [...new Set([...selected.value, id])] : selected.value.filter((one) => one !== id)
  }
  function selectAll(isOn: boolean) {
    selected.value = isOn ? answerable.value.map((row) => row.id) : []
  }

  async function answer(response: 'approve' | 'reject') {
    const json = { approvalIds: selected.value, response, comment: comment.value.trim() || null }
    const isSent = await guarded(async () => {
      results.value = (await readJson(portal.client().api.app.approvals.decisions.$post({ json }))).results
    })
    if (!isSent) return
    selected.value = (results.value ?? []).filter((r) => !r.ok).map((r) => r.approvalId)
    onDone()
  }
  return { answerable, selected, comment, results, isLoading, error, toggle, selectAll, answer }
}
