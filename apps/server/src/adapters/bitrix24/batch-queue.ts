/**
 * @module One portal's queue of write-back `batch` requests (issue #22): the commands that the outbox runs of many
 * approvals send at the same moment are merged into one `batch` request of up to 50 commands, one request in
 * flight per portal and process. A portal allows about 2 requests per second (burst 50) and 50 commands per
 * `batch`, so its ceiling is about 100 commands per second. The queue sends at most one request every
 * {@link writeBackIntervalMs} (just under the portal's 2 per second), so under load each request fills with what
 * arrived meanwhile, and the portal's burst stays for the calls a person waits for (opening the app, starting an
 * approval); the SDK's pacing (the leaky bucket, and its backoff after a 503 `QUERY_LIMIT_EXCEEDED`) still applies.
 *
 * A submission (one approval's chunk, its commands in order) goes whole into one request, after the submissions
 * before it: Bitrix24 runs a batch's commands one after the other, so each approval's order is kept. Every
 * submitter gets its own commands' outcomes; when the request fails as a whole, each of them gets the error and
 * handles it as before (its in-flight keys are in its own ledger). Each portal has its own queue, so one busy
 * portal never delays another. Across instances, each request first takes a slot of the portal's request budget
 * (a {@link RateBudget}, shared through the Store in production), so two instances together still send at most
 * one request per interval to a portal, and each gets slots in turn (neither starves); a 503 that outlived the
 * SDK's retries pauses the budget for every instance.
 * @see https://apidocs.bitrix24.com/api-reference/how-to-call-rest-api/batch.html
 * @see https://apidocs.bitrix24.com/limits.html
 */
import type { RestrictionParams } from '@bitrix24/b24jssdk'
import { RateLimitedError } from '../../ports/errors.ts'
import { createLocalRateBudget, waitForSlot, type RateBudget } from '../rate-budget.ts'
import { maxBatchCommands, type BatchOutcome, type RestClient, type RestParams } from './b24-rest.ts'

/** The least time between two write-back requests to one portal: about 1.9 per second, ~96 commands per second. */
export const writeBackIntervalMs = 520

/** The write-back interval for the SDK pacing `params`: 4% longer than its drain interval. */
export function writeBackIntervalOf(params: Partial<RestrictionParams>): number {
  const drainRate = params.rateLimit?.drainRate
  return drainRate && drainRate > 0 ? Math.ceil((1000 / drainRate) * 1.04) : writeBackIntervalMs
}

/** The write-back request budget of the portal `memberId` at `perSecond` requests (shared by the instances). */
export type WriteBackBudgetOf = (memberId: string, perSecond: number) => RateBudget

/** Named calls of one `batch`, as {@link RestClient.batch} takes them. */
export type BatchCalls = Record<string, [method: string, params?: RestParams]>

/** Sends batch calls of many callers of one portal in merged `batch` requests. */
export interface BatchQueue {
  /**
   * Sends `calls` (at most 50) in the next request with room for them all, with other callers' calls, and returns
   * their outcomes under the names given.
   * @throws the REST pipe's error when that request failed as a whole (nothing is known of its commands).
   */
  batch<T = unknown>(calls: BatchCalls): Promise<Record<string, BatchOutcome<T>>>
}

/** One caller's calls waiting for a request. */
interface Submission {
  calls: [name: string, call: [method: string, params?: RestParams]][]
  resolve(outcomes: Record<string, BatchOutcome>): void
  reject(error: unknown): void
}

/** The submissions from the head of `waiting` that fit into one request together (always at least one). */
function takeRequest(waiting: Submission[]): Submission[] {
  let size = 0
  let count = 0
  while (count < waiting.length && (count === 0 || size + waiting[count]!.calls.length <= maxBatchCommands)) {
    size += waiting[count]!.calls.length
    count += 1
  }
  return waiting.splice(0, count)
}

async function send(rest: RestClient, budget: RateBudget, taken: Submission[]): Promise<void> {
  const merged: BatchCalls = {}
  const names = taken.map((submission, s) =>
    submission.calls.map(([name, call], c) => {
      const mergedName = `s${s}c${c}`
      merged[mergedName] = call
      return [name, mergedName] as const
    }),
  )
  try {
    const outcomes = await rest.batch(merged)
    taken.forEach((submission, s) => {
      submission.resolve(Object.fromEntries(names[s]!.map(([name, mergedName]) => [name, outcomes[mergedName]!])))
    })
  } catch (error) {
    if (error instanceof RateLimitedError) await budget.pauseUntil(Date.now() + error.retryAfterMs)
    for (const submission of taken) submission.reject(error)
  }
}

/**
 * Creates the batch queue of one portal over its REST pipe; `intervalMs` is the least time between two of its
 * requests (default {@link writeBackIntervalMs}), and `budget` the portal's request slots (default: this
 * process's own, one per `intervalMs`).
 */
export function createBatchQueue(
  rest: RestClient,
  intervalMs = writeBackIntervalMs,
  budget: RateBudget = createLocalRateBudget({ perSecond: 1_000 / intervalMs }),
): BatchQueue {
  const waiting: Submission[] = []
  let sending = false
  const pump = async () => {
    sending = true
    try {
      // One turn of the event loop first, so the calls submitted at the same moment share the request.
      await new Promise((resolve) => setImmediate(resolve))
      while (waiting.length > 0) {
        await waitForSlot(budget, Date.now())
        await send(rest, budget, takeRequest(waiting))
      }
    } catch (error) {
      // The budget's store failed: every waiting caller gets the error (their outbox runs retry later).
      for (const submission of waiting.splice(0)) submission.reject(error)
    } finally {
      sending = false
    }
  }
  return {
    batch<T>(calls: BatchCalls) {
      const entries = Object.entries(calls)
      if (entries.length > maxBatchCommands) throw new RangeError(`a batch holds at most ${maxBatchCommands} calls`)
      return new Promise<Record<string, BatchOutcome<T>>>((resolve, reject) => {
        waiting.push({ calls: entries, resolve: resolve as Submission['resolve'], reject })
        if (!sending) void pump()
      })
    },
  }
}
