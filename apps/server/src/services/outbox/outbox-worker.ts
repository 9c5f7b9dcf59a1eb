/**
 * @module Who runs the outbox: right after a change, in the background of the request that made it (`kick`),
 * and from the cron tick for every due item (the safety net after a crash, and retries with exponential
 * backoff after failures). Both go through {@link runOutbox}, whose lease and ledger make any overlap harmless.
 */
import { RateLimitedError } from '../../ports/errors.ts'
import type { QueueItem } from '../../ports/store.ts'
import { backoffMs, outboxQueue, type OutboxItem } from './outbox-queue.ts'
import { runOutbox, type OutboxDeps } from './run-outbox.ts'

/** Counts of one cron pass over the outbox. */
export interface OutboxPass {
  claimed: number
  done: number
  retried: number
}

/** The outbox runner of one process. */
export interface OutboxWorker {
  /** Runs the approval's pending effects after the current request; a failure is left to the cron tick. */
  kick(item: OutboxItem): void
  /** Claims up to `limit` due outbox items and runs them (the cron tick). */
  runDue(limit: number): Promise<OutboxPass>
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * How long a cron pass holds a claimed outbox item. Short, so the item of a pass that died comes back soon; a run
 * that outlasts it is harmless: the next claimer finds the approval's outbox lease taken and retries later.
 */
export const outboxClaimMs = 25_000

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name} ${(error as { code?: string }).code ?? ''} ${error.message}` : 'error'
}

async function runSoon(deps: OutboxDeps, item: OutboxItem): Promise<void> {
  await pause(0)
  // Another worker may hold the approval for a moment (an earlier change); wait for it briefly.
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await runOutbox(deps, item.memberId, item.approvalId)) === 'done') return
    await pause(5)
  }
}

async function runClaimed(deps: OutboxDeps, item: QueueItem<OutboxItem>): Promise<'done' | 'retried'> {
  const now = deps.clock.now()
  try {
    const result = await runOutbox(deps, item.payload.memberId, item.payload.approvalId)
    if (result === 'busy') {
      await deps.store.retryAt(outboxQueue, item.id, item.claimToken, now + 5_000)
      return 'retried'
    }
    await deps.store.ack(outboxQueue, item.id, item.claimToken)
    return 'done'
  } catch (error) {
    const wait = Math.max(backoffMs(item.attempts), error instanceof RateLimitedError ? error.retryAfterMs : 0)
    console.warn(`outbox: ${item.id} failed (attempt ${item.attempts}), retry in ${wait} ms: ${describe(error)}`)
    await deps.store.retryAt(outboxQueue, item.id, item.claimToken, now + wait)
    return 'retried'
  }
}

/** Creates the outbox worker; `defer` runs background work (Vercel `waitUntil`, or a logged promise). */
export function createOutboxWorker(deps: OutboxDeps & { defer: (work: Promise<unknown>) => void }): OutboxWorker {
  /**
   * The approvals this process is running now, each with whether a change came in meanwhile: such a kick does not
   * wait for the run's leases, the run goes once more when it ends (it may have looked for work just before).
   */
  const running = new Map<string, { isKickedAgain: boolean }>()
  const runKicked = async (item: OutboxItem, key: string) => {
    const run = { isKickedAgain: true }
    running.set(key, run)
    try {
      while (run.isKickedAgain) {
        run.isKickedAgain = false
        await runSoon(deps, item)
      }
    } finally {
      running.delete(key)
    }
  }
  return {
    kick(item) {
      const key = `${item.memberId}\n${item.approvalId}`
      const current = running.get(key)
      if (current) {
        current.isKickedAgain = true
        return
      }
      deps.defer(
        runKicked(item, key).catch((error: unknown) => {
          console.warn(`outbox: immediate run of ${item.approvalId} failed, the cron tick retries: ${describe(error)}`)
        }),
      )
    },
    async runDue(limit) {
      const claim = { now: deps.clock.now(), leaseMs: outboxClaimMs, limit }
      const items = await deps.store.claim<OutboxItem>(outboxQueue, claim)
      const results = await Promise.all(items.map((item) => runClaimed(deps, item)))
      const done = results.filter((r) => r === 'done').length
      return { claimed: items.length, done, retried: items.length - done }
    },
  }
}
