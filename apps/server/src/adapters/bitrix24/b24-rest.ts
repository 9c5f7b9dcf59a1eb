/**
 * @module The REST pipe under the Portal adapter: one method, one `batch`, or a whole list, over a b24jssdk
 * client (`B24OAuth` for the application, `B24Hook` for webhook mode; they differ only in auth, as in the SDK).
 * Calls go through `actions.v2.*` only. Only `adapters/bitrix24` sees method names; services see the Portal port.
 * @see https://bitrix24.github.io/b24jssdk/
 */
import { ParamsFactory, type AjaxResult, type B24Hook, type B24OAuth, type RestrictionParams } from '@bitrix24/b24jssdk'
import type { AppError } from '../../ports/errors.ts'
import { resultError, toAppError } from './b24-errors.ts'

/** The SDK client the REST pipe runs on. */
export type B24Client = B24OAuth | B24Hook

/** A REST parameter object, sent as JSON (`{ fields: {…}, filter: {…} }`). */
export type RestParams = Record<string, unknown>

/** Most commands in one `batch` request. */
export const maxBatchCommands = 50

/** Splits `items` into runs of at most `size` (ids per list call, commands per `batch`). */
export function inChunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size))
  return out
}

/** What one command of a `batch` came to: its `result`, or the error Bitrix24 answered for that command alone. */
export type BatchOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: AppError }

/**
 * The result of one batch command, for callers that need every command to succeed.
 * @throws the command's own error.
 */
export function resultOf<T>(outcome: BatchOutcome<T>): T {
  if (!outcome.ok) throw outcome.error
  return outcome.result
}

/**
 * The Bitrix24 `error` code carried by an error the REST pipe threw (`ERROR_EVENT_BINDING_EXISTS`,
 * `ACCESS_DENIED`, …), or undefined for errors that did not come from Bitrix24.
 */
export function bitrix24ErrorCode(error: unknown): string | undefined {
  const details = (error as { details?: { error?: unknown } } | null)?.details
  return typeof details?.error === 'string' ? details.error : undefined
}

/**
 * One portal's REST API, with the Portal port's guarantees and errors (pacing, retries of the limits, refresh,
 * mapping to AppError).
 */
export interface RestClient {
  /** Calls one REST method and returns its `result`. */
  call<T = unknown>(method: string, params?: RestParams): Promise<T>
  /**
   * Runs up to 50 calls in one `batch` request without halting, so every command runs and has its own outcome.
   * Throws when the request as a whole failed; then nothing is known of its commands (they may have run).
   */
  batch<T = unknown>(
    calls: Record<string, [method: string, params?: RestParams]>,
  ): Promise<Record<string, BatchOutcome<T>>>
  /**
   * Every row of a list method whose `filter` takes `>ID` (`user.get`, `crm.*.list`), read with the fast
   * algorithm: ascending ids, `start=-1`, the next page after the last id seen.
   * @see https://apidocs.bitrix24.com/settings/performance/huge-data.html
   */
  list<T = unknown>(method: string, params?: RestParams): Promise<T[]>
}

/**
 * Answers after which a call may or may not have run: a gateway timing out or failing while the portal works on
 * (502/504 with Bitrix24's JSON, or a proxy's HTML page, which axios reports as `ERR_BAD_RESPONSE`), and a
 * connection that broke after the request went out (`ECONNRESET` "socket hang up", `EPIPE`, `ETIMEDOUT`; in Node
 * these are not the SDK's `NETWORK_ERROR`, so `retryOnNetworkError: false` alone does not stop its retries). The
 * SDK must not repeat such a call itself: a repeated `tasks.task.add` would create a second task. The outbox looks
 * the call's work up and repeats only what did not run.
 */
export const ambiguousErrorCodes = [
  'GATEWAY_TIMEOUT',
  'BAD_GATEWAY',
  'ERR_BAD_RESPONSE',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'JSSDK_AXIOS_ERROR',
]

/**
 * Restriction params for one portal: the documented leaky bucket (burst 50, 2/s), retries of 503
 * `QUERY_LIMIT_EXCEEDED` and 429 `OPERATION_TIME_LIMIT` with backoff (`maxRetries` attempts in all), and no SDK
 * retry after a network error or an {@link ambiguousErrorCodes ambiguous answer}.
 * @see https://apidocs.bitrix24.com/limits.html
 */
export function portalRestrictionParams(overrides: Partial<RestrictionParams> = {}): RestrictionParams {
  const defaults = ParamsFactory.getDefault()
  const hardErrorCodes = [...(defaults.hardErrorCodes ?? []), ...ambiguousErrorCodes]
  return { ...defaults, retryOnNetworkError: false, hardErrorCodes, ...overrides }
}

/** Wraps an SDK client (or a promise of one, for clients created from stored tokens) as a {@link RestClient}. */
export function createB24Rest(client: B24Client | Promise<B24Client>): RestClient {
  return {
    async call<T>(method: string, params: RestParams = {}): Promise<T> {
      const b24 = await client
      const answer = await b24.actions.v2.call.make<T>({ method, params }).catch((error: unknown) => {
        throw toAppError(error, method)
      })
      if (!answer.isSuccess) throw resultError(answer.getErrors(), method)
      return answer.getData()!.result
    },

    // Not `batchByChunk`: it keeps only the successful results, unkeyed, so a command's own refusal (recorded
    // and never retried by the outbox) could not be told from a success of another command.
    async batch<T>(calls: Record<string, [method: string, params?: RestParams]>) {
      const b24 = await client
      const named = Object.fromEntries(
        Object.entries(calls).map(([key, [method, params]]) => [key, { method, params: params ?? {} }]),
      )
      const answer = await b24.actions.v2.batch
        .make<T>({ calls: named, options: { isHaltOnError: false, returnAjaxResult: true } })
        .catch((error: unknown) => {
          throw toAppError(error, 'batch')
        })
      const rows = (answer.getData() ?? {}) as Record<string, AjaxResult<T>>
      const outcomes: Record<string, BatchOutcome<T>> = {}
      for (const [key, [method]] of Object.entries(calls)) {
        const row = rows[key]
        if (!row) throw resultError(answer.getErrors(), 'batch')
        outcomes[key] = row.isSuccess
          ? { ok: true, result: row.getData()!.result }
          : { ok: false, error: resultError(row.getErrors(), method) }
      }
      return outcomes
    },

    async list<T>(method: string, params: RestParams = {}): Promise<T[]> {
      const b24 = await client
      const answer = await b24.actions.v2.callList.make<T>({ method, params }).catch((error: unknown) => {
        throw toAppError(error, method)
      })
      if (!answer.isSuccess) throw resultError(answer.getErrors(), method)
      return answer.getData() ?? []
    },
  }
}
