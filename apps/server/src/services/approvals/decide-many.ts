/**
 * @module A bulk answer (issue 21): the same answer to several approvals, each decided on its own through
 * {@link decideApproval} — so each keeps its comment policy, its checks, its audit entry and its write-back. One
 * refused item never stops the others; a repeated request finds the decided ones `ALREADY_ANSWERED`.
 */
import type { Actor, BulkDecisionInput, BulkItemResult, Channel } from '../../domain/index.ts'
import { ConflictError, NotFoundError, PermissionError, ValidationError } from '../../ports/errors.ts'
import { decideApproval, type ActionDeps } from './act-on-approval.ts'

const isRefusal = (error: unknown): error is ValidationError =>
  [ValidationError, PermissionError, NotFoundError, ConflictError].some((type) => error instanceof type)

/**
 * Decides every approval of `input` in order and reports each one.
 * @throws only what is not a refusal of one item (the store or the portal failing).
 */
export async function decideMany(
  deps: ActionDeps,
  who: { memberId: string; actor: Actor; channel: Channel },
  input: BulkDecisionInput,
): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = []
  for (const approvalId of input.approvalIds) {
    try {
      const decision = { response: input.response, comment: input.comment ?? null }
      await decideApproval(deps, { ...who, approvalId }, decision)
      results.push({ approvalId, ok: true })
    } catch (error) {
      if (!isRefusal(error)) throw error
      results.push({ approvalId, ok: false, code: error.code })
    }
  }
  return results
}
