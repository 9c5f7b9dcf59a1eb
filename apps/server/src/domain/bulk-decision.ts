/**
 * @module Answering many approvals at once (issue 21): one answer (approve or reject) and one optional comment
 * for up to {@link MAX_BULK_DECISIONS} approvals. Each approval is still decided on its own by the ordinary
 * decision — its comment policy, the approver's turn and round checked, its own audit entry and write-back — so
 * a bulk answer is only a loop; an item that is refused is reported with its refusal code, the others go on.
 */
import { z } from 'zod'
import { MAX_COMMENT_LENGTH } from './comment-policy.ts'

/** At most this many approvals per bulk answer. */
export const MAX_BULK_DECISIONS = 50

/** `POST /api/app/approvals/decisions`: which approvals, approve or reject, and the comment for all of them. */
export const bulkDecisionInputSchema = z.object({
  approvalIds: z
    .array(z.string().regex(/^[0-9A-Za-z]{1,40}$/))
    .min(1)
    .max(MAX_BULK_DECISIONS)
    .transform((ids) => [...new Set(ids)]),
  response: z.enum(['approve', 'reject']),
  comment: z.string().max(MAX_COMMENT_LENGTH).nullable().optional(),
})

/** A bulk answer after validation. */
export type BulkDecisionInput = z.output<typeof bulkDecisionInputSchema>

/** What happened to one approval of a bulk answer: decided, or refused with the code a single answer would get. */
export type BulkItemResult = { approvalId: string; ok: true } | { approvalId: string; ok: false; code: string }

/** How many were decided and how many refused, by refusal code. */
export function summarizeBulk(results: readonly BulkItemResult[]): {
  decided: number
  refused: Record<string, number>
} {
  const refused: Record<string, number> = {}
  for (const r of results) if (!r.ok) refused[r.code] = (refused[r.code] ?? 0) + 1
  return { decided: results.filter((r) => r.ok).length, refused }
}
