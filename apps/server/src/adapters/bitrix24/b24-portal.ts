/**
 * @module `B24Portal`: the {@link Portal} port over a b24jssdk client (`B24OAuth` for the application,
 * `B24Hook` for webhook mode; they differ only in auth, as in the SDK). Calls go through `actions.v2.*` only.
 * @see https://bitrix24.github.io/b24jssdk/
 */
import { ParamsFactory, type AjaxResult, type B24Hook, type B24OAuth, type RestrictionParams } from '@bitrix24/b24jssdk'
import type { BatchOutcome, Portal, RestParams } from '../../ports/portal.ts'
import { resultError, toAppError } from './b24-errors.ts'

/** The SDK client a {@link Portal} runs on. */
export type B24Client = B24OAuth | B24Hook

/**
 * Answers after which a call may or may not have run (a gateway timing out while the portal works on). The SDK
 * must not repeat such a call itself: a repeated `tasks.task.add` would create a second task. The outbox looks
 * the call's work up and repeats only what did not run (issue #7).
 */
export const ambiguousErrorCodes = ['GATEWAY_TIMEOUT', 'BAD_GATEWAY']

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

/** Wraps an SDK client (or a promise of one, for clients created from stored tokens) as a {@link Portal}. */
export function createB24Portal(client: B24Client | Promise<B24Client>): Portal {
  return {
    async call<T>(method: string, params: RestParams = {}): Promise<T> {
      const b24 = await client
      const answer = await b24.actions.v2.call.make<T>({ method, params }).catch((error: unknown) => {
        throw toAppError(error, method)
      })
      if (!answer.isSuccess) throw resultError(answer.getErrors(), method)
      return answer.getData()!.result
    },

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
  }
}
