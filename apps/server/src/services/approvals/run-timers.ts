/**
 * @module Fires due approval timers: a reminder (`reminder-due`) or a deadline (`deadline-due`, which may
 * reject, approve, escalate to the department head from the portal's structure, or mark overdue). A timer the
 * domain refuses (moved, or the approval is closed) is simply done; a failure is retried with backoff.
 */
import type { QueueItem } from '../../ports/store.ts'
import { AppError, ConflictError } from '../../ports/errors.ts'
import { backoffMs } from '../outbox/outbox-queue.ts'
import { timerQueue, type TimerItem } from '../outbox/timer-queue.ts'
import type { ActionDeps } from './act-on-approval.ts'
import { changeApproval } from './commit-transition.ts'

/** Counts of one cron pass over the timers. */
export interface TimerPass {
  claimed: number
  fired: number
  skipped: number
  retried: number
}

type TimerOutcome = 'fired' | 'skipped' | 'retried'

async function fire(deps: ActionDeps, item: TimerItem): Promise<void> {
  const { memberId, approvalId } = item
  await changeApproval(deps, { memberId, approvalId, channel: 'system' }, async () => {
    if (item.timer === 'reminder') return { type: 'reminder-due' }
    const people = await deps.people.people(memberId, () => deps.directory.portal(memberId))
    return { type: 'deadline-due', org: people.org }
  })
}

async function runTimer(deps: ActionDeps, item: QueueItem<TimerItem>): Promise<TimerOutcome> {
  try {
    await fire(deps, item.payload)
    await deps.store.ack(timerQueue, item.id, item.claimToken)
    return 'fired'
  } catch (error) {
    const isRefused =
      error instanceof AppError && (error instanceof ConflictError || error.code === 'APPROVAL_NOT_FOUND')
    if (isRefused && error.code !== 'CONCURRENT_UPDATE') {
      await deps.store.ack(timerQueue, item.id, item.claimToken)
      return 'skipped'
    }
    const message = error instanceof Error ? error.message : String(error)
    console.warn(`timers: ${item.id} failed (attempt ${item.attempts}), retrying: ${message}`)
    await deps.store.retryAt(timerQueue, item.id, item.claimToken, deps.clock.now() + backoffMs(item.attempts))
    return 'retried'
  }
}

/** Claims up to `limit` due timers and fires them one after another. */
export async function runDueTimers(deps: ActionDeps, limit: number): Promise<TimerPass> {
  const items = await deps.store.claim<TimerItem>(timerQueue, { now: deps.clock.now(), leaseMs: 60_000, limit })
  const pass: TimerPass = { claimed: items.length, fired: 0, skipped: 0, retried: 0 }
  for (const item of items) pass[await runTimer(deps, item)] += 1
  return pass
}
