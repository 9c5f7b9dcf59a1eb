/**
 * @module Who receives Telegram messages for a portal user (for the messenger adapter): the linked account's chat,
 * its language, and whether the user blocked the bot (then Bitrix24 notifications reach them instead).
 */
import type { Store } from '../../ports/store.ts'
import type { BotLanguage } from '../../ports/telegram-bot.ts'
import { findPrefs } from '../people/notification-prefs.ts'
import { findLinkByUser, loadAccount, setBlocked } from './telegram-links.ts'

/** A portal user's Telegram chat. */
export interface TelegramRecipient {
  telegramId: number
  language: BotLanguage
  isBlocked: boolean
}

/** Finds recipients and records blocks. */
export interface TelegramRecipients {
  find(memberId: string, userId: number): Promise<TelegramRecipient | null>
  /** The bot got 403 for this chat: the user blocked it. */
  markBlocked(telegramId: number): Promise<void>
}

/** Recipients from the link records in the store. */
export function createTelegramRecipients(store: Store): TelegramRecipients {
  return {
    async find(memberId, userId) {
      const link = await findLinkByUser(store, memberId, userId)
      if (!link) return null
      const account = await loadAccount(store, link.telegramId)
      // The user's own choice (`/language`, or an admin's), then the one set before they linked, then their client.
      const preset = account.language ?? (await findPrefs(store, memberId, userId))?.language ?? null
      const language = preset ?? account.clientLanguage ?? 'ru'
      return { telegramId: link.telegramId, language, isBlocked: account.isBlocked }
    },
    markBlocked: (telegramId) => setBlocked(store, telegramId, true),
  }
}
