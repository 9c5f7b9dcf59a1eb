/**
 * @module The sandbox Bot API: `/bot<token>/<method>` with Telegram's envelopes, token check, fault injection
 * and a log of every call. `callMethod` is also used for method calls carried in webhook answers.
 * @see https://core.telegram.org/bots/api#making-requests
 */
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { BotApiError, methodNotFound, unauthorized } from './bot-api-error.ts'
import { DescribedResult, type BotApiMethod } from './methods/method-types.ts'
import type { BotApiParams } from './params.ts'
import { readBotApiParams } from './request-body.ts'
import type { SandboxState } from './sandbox-state.ts'

/** A Bot API answer: its HTTP status and JSON body. */
export interface BotApiAnswer {
  status: number
  body: Record<string, unknown>
}

/** Runs Bot API calls against one sandbox. */
export class BotApi {
  constructor(
    private readonly state: SandboxState,
    private readonly methods: Map<string, BotApiMethod>,
  ) {}

  /** Executes one call (faults first), logs it and returns the envelope. Never throws a `BotApiError`. */
  async callMethod(method: string, params: BotApiParams): Promise<BotApiAnswer> {
    const at = this.state.now()
    const fault = this.state.faults.take(method)
    if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    try {
      if (fault.error) throw fault.error
      const implementation = this.methods.get(method.toLowerCase())
      if (!implementation) throw methodNotFound()
      const value = await implementation(this.state, params)
      this.state.calls.push({ method, params, at, ok: true })
      return value instanceof DescribedResult
        ? { status: 200, body: { ok: true, result: value.result, description: value.description } }
        : { status: 200, body: { ok: true, result: value } }
    } catch (error) {
      if (!(error instanceof BotApiError)) throw error
      const { errorCode: error_code, description } = error
      this.state.calls.push({ method, params, at, ok: false, error_code, description })
      return { status: error_code, body: error.toEnvelope() }
    }
  }
}

/** The Hono routes of the Bot API. */
export function createBotApiRoutes(state: SandboxState, api: BotApi): Hono {
  return new Hono().all('/:botPath/:method', async function handleBotApiCall(c) {
    const botPath = c.req.param('botPath')
    if (!botPath.startsWith('bot')) return c.json(methodNotFound().toEnvelope(), 404)
    if (botPath.slice(3) !== state.token) return c.json(unauthorized().toEnvelope(), 401)
    let params: BotApiParams
    try {
      params = await readBotApiParams(c.req)
    } catch (error) {
      if (!(error instanceof BotApiError)) throw error
      return c.json(error.toEnvelope(), error.errorCode as ContentfulStatusCode)
    }
    const answer = await api.callMethod(c.req.param('method'), params)
    return c.json(answer.body, answer.status as ContentfulStatusCode)
  })
}
