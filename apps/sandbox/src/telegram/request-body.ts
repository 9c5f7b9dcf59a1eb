/**
 * @module Reads Bot API parameters from the query string and a JSON, urlencoded or multipart body, as the Bot
 * API accepts all of them.
 * @see https://core.telegram.org/bots/api#making-requests
 */
import type { HonoRequest } from 'hono'
import { badRequest } from './bot-api-error.ts'
import type { BotApiParams } from './params.ts'

/**
 * Collects the parameters of one call.
 * @throws BotApiError 400 when a JSON body does not parse.
 */
export async function readBotApiParams(request: HonoRequest): Promise<BotApiParams> {
  const params: BotApiParams = { ...request.query() }
  if (request.method === 'GET' || request.method === 'HEAD') return params
  const contentType = request.header('content-type') ?? ''
  if (contentType.includes('application/json')) {
    const text = await request.text()
    if (text.trim() === '') return params
    try {
      const body = JSON.parse(text) as unknown
      if (typeof body === 'object' && body !== null) Object.assign(params, body)
    } catch (error) {
      throw Object.assign(badRequest("can't parse JSON encoded request body"), { cause: error })
    }
  } else if (contentType.includes('multipart/form-data') || contentType.includes('application/x-www-form-urlencoded')) {
    Object.assign(params, await request.parseBody())
  }
  return params
}
