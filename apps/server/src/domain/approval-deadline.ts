/**
 * @module The approval's own deadline: in the future and at most a year ahead. The server checks it when an
 * approval starts or is resubmitted; the SPA's form checks it before sending, with the same function.
 */
import type { InputIssue } from './refusal.ts'

/** How far ahead an approval's deadline may lie: a year (366 days, so "same day next year" always fits). */
export const MAX_DEADLINE_AHEAD_MS = 366 * 24 * 60 * 60_000

/**
 * The problem with an approval deadline `dueAt` (an ISO instant) at `now`: already past, or more than
 * {@link MAX_DEADLINE_AHEAD_MS} ahead; `null` when it is fine.
 */
export function dueAtIssue(dueAt: string, now: Date): InputIssue | null {
  const at = Date.parse(dueAt)
  if (at <= now.getTime()) return { path: 'deadline.dueAt', message: 'The deadline must be in the future.' }
  if (at - now.getTime() > MAX_DEADLINE_AHEAD_MS) {
    return { path: 'deadline.dueAt', message: 'The deadline must be at most a year ahead.' }
  }
  return null
}
