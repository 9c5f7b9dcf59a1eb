/**
 * @module The bot's `getMe` answer, cached in the store: telegraf calls `getMe` before the first
 * update unless `bot.botInfo` is set, which would cost one Bot API call per serverless cold start.
 * @see https://core.telegram.org/bots/api#getme
 */
import type { Telegram } from 'telegraf'
import type { UserFromGetMe } from 'telegraf/types'
import { globalKey, type Store } from '../../ports/store.ts'
import { callTelegram } from './telegram-errors.ts'

/** The store key of the cached bot info of the bot with this token (keyed by the numeric bot id only). */
export function botInfoKey(token: string): string {
  return globalKey('tg', 'bot-info', token.split(':')[0] ?? 'unknown')
}

/** The cached bot info, or `getMe` once (then cached). @throws UpstreamError/ValidationError from Telegram. */
export async function loadBotInfo(store: Store, telegram: Telegram, token: string): Promise<UserFromGetMe> {
  const key = botInfoKey(token)
  const cached = await store.get<UserFromGetMe>(key)
  if (cached) return cached.value
  const info = await callTelegram('getMe', () => telegram.getMe())
  await store.put(key, info)
  return info
}
