/**
 * @module `setWebhook`, `deleteWebhook`, `getWebhookInfo` and `getUpdates`. Unlike Telegram, plain `http://`
 * webhook URLs are accepted, because the bot runs on the same machine.
 * @see https://core.telegram.org/bots/api#getting-updates
 */
import { badRequest, conflict } from '../bot-api-error.ts'
import { type BotApiParams, readBoolean, readInteger, readJson, readString } from '../params.ts'
import type { SandboxState } from '../sandbox-state.ts'
import type { TgWebhookInfo } from '../wire-types.ts'
import type { WebhookDelivery } from '../webhook-delivery.ts'
import { type BotApiMethod, DescribedResult } from './method-types.ts'

/** Longest `getUpdates` long-poll the sandbox holds, in seconds. */
const MAX_POLL_SECONDS = 50

function readAllowedUpdates(params: BotApiParams): string[] | undefined {
  const raw = readJson(params, 'allowed_updates', 'allowed_updates JSON array')
  if (raw === undefined) return undefined
  if (!Array.isArray(raw) || !raw.every((t) => typeof t === 'string')) {
    throw badRequest("can't parse allowed_updates JSON array")
  }
  return raw as string[]
}

function readSecretToken(params: BotApiParams): string | undefined {
  const secret = readString(params, 'secret_token')
  if (secret === undefined || secret === '') return undefined
  if (secret.length > 256) throw badRequest('secret token is too long')
  if (!/^[A-Za-z0-9_-]+$/.test(secret)) throw badRequest('secret token contains unallowed characters')
  return secret
}

function readWebhookUrl(params: BotApiParams): string {
  const url = readString(params, 'url') ?? ''
  if (url === '') return ''
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError(parsed.protocol)
  } catch (error) {
    throw Object.assign(badRequest('bad webhook: Failed to resolve host: Name or service not known'), { cause: error })
  }
  return url
}

/** The webhook methods; they need the delivery worker to start or stop it. */
export function createWebhookMethods(delivery: WebhookDelivery): Record<string, BotApiMethod> {
  const setWebhook: BotApiMethod = (state, params) => {
    const url = readWebhookUrl(params)
    const secretToken = readSecretToken(params)
    const allowedUpdates = readAllowedUpdates(params)
    const maxConnections = readInteger(params, 'max_connections') ?? 40
    if (Number.isNaN(maxConnections) || maxConnections < 1 || maxConnections > 100) {
      throw badRequest('bad webhook: max_connections must be between 1 and 100')
    }
    if (readBoolean(params, 'drop_pending_updates')) state.updates.dropAll()
    if (allowedUpdates !== undefined) state.updates.allowedUpdates = allowedUpdates
    if (url === '') return removeWebhook(state, delivery)
    const isSame = state.webhook?.url === url
    state.webhook = {
      url,
      maxConnections,
      ...(secretToken ? { secretToken } : {}),
      ...(state.updates.allowedUpdates ? { allowedUpdates: state.updates.allowedUpdates } : {}),
    }
    state.emit({ type: 'webhook' })
    delivery.kick()
    return new DescribedResult(true, isSame ? 'Webhook is already set' : 'Webhook was set')
  }
  const deleteWebhook: BotApiMethod = (state, params) => {
    if (readBoolean(params, 'drop_pending_updates')) state.updates.dropAll()
    return removeWebhook(state, delivery)
  }
  const getWebhookInfo: BotApiMethod = (state): TgWebhookInfo => ({
    url: state.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: state.updates.size,
    ...(state.webhook ? { max_connections: state.webhook.maxConnections } : {}),
    ...(state.webhook?.allowedUpdates ? { allowed_updates: state.webhook.allowedUpdates } : {}),
    ...(delivery.lastError
      ? { last_error_date: delivery.lastError.date, last_error_message: delivery.lastError.message }
      : {}),
  })
  return { setWebhook, deleteWebhook, getWebhookInfo, getUpdates }
}

function removeWebhook(state: SandboxState, delivery: WebhookDelivery): DescribedResult {
  const wasSet = state.webhook !== null
  state.webhook = null
  delivery.stop()
  state.updates.settleAllAsQueued()
  state.emit({ type: 'webhook' })
  return new DescribedResult(true, wasSet ? 'Webhook was deleted' : 'Webhook is already deleted')
}

/** `getUpdates`: long polling, refused while a webhook is set. */
const getUpdates: BotApiMethod = async (state, params) => {
  if (state.webhook) {
    throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
  }
  const allowedUpdates = readAllowedUpdates(params)
  if (allowedUpdates !== undefined) state.updates.allowedUpdates = allowedUpdates
  const offset = readInteger(params, 'offset')
  const limit = Math.min(Math.max(readInteger(params, 'limit') || 100, 1), 100)
  const timeout = Math.min(Math.max(readInteger(params, 'timeout') || 0, 0), MAX_POLL_SECONDS)
  const safeOffset = offset === undefined || Number.isNaN(offset) ? undefined : offset
  let updates = state.updates.take(safeOffset, limit)
  if (updates.length === 0 && timeout > 0) {
    await state.updates.waitForPush(timeout * 1000)
    updates = state.updates.take(undefined, limit)
  }
  return updates
}
