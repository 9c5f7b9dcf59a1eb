/**
 * @module The `time` block of every answer (§3.3) and the success envelope.
 */
import { formatB24Date } from '../b24-date.ts'

/** The `time` block; `withOperating` adds `operating` and `operating_reset_at` (absent in batch sub-results). */
export function timeBlock(startMs: number, finishMs: number, withOperating = true): Record<string, number | string> {
  const start = startMs / 1000
  const finish = finishMs / 1000
  const block: Record<string, number | string> = {
    start,
    finish,
    duration: finish - start,
    processing: finish - start,
    date_start: formatB24Date(startMs),
    date_finish: formatB24Date(finishMs),
  }
  if (withOperating) {
    block['operating_reset_at'] = Math.floor(start) + 600
    block['operating'] = 0
  }
  return block
}

/** What a method returns: `result` plus `total`/`next` for list methods (§3.5). */
export interface MethodOutcome {
  result: unknown
  total?: number
  next?: number
}

/** The success envelope `{ result, next?, total?, time }`. */
export function successBody(outcome: MethodOutcome, startMs: number, finishMs: number): Record<string, unknown> {
  const body: Record<string, unknown> = { result: outcome.result }
  if (outcome.next !== undefined) body['next'] = outcome.next
  if (outcome.total !== undefined) body['total'] = outcome.total
  body['time'] = timeBlock(startMs, finishMs)
  return body
}
