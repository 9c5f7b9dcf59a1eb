/**
 * @module Webhook setup: `setWebhook` with the secret token and the update types the bot handles,
 * `setMyCommands` in Russian and English (English is also the default), and `getWebhookInfo`.
 * @see https://core.telegram.org/bots/api#setwebhook
 * @see https://core.telegram.org/bots/api#setmycommands
 */
import type { Telegram } from 'telegraf'
import type { BotLanguage, WebhookState } from '../../ports/telegram-bot.ts'
import { textsOf } from './locales/texts-of.ts'
import { callTelegram } from './telegram-errors.ts'

/** The update types the bot asks for: messages, button presses and block/unblock. */
export const allowedUpdates = ['message', 'callback_query', 'my_chat_member'] as const

function commandsIn(language: BotLanguage) {
  const { commands } = textsOf(language)
  return (['pending', 'help', 'language', 'unlink', 'cancel'] as const).map((command) => ({
    command,
    description: commands[command],
  }))
}

/** Reads `getWebhookInfo` without secrets. */
export async function webhookState(telegram: Telegram): Promise<WebhookState> {
  const info = await callTelegram('getWebhookInfo', () => telegram.getWebhookInfo())
  return {
    url: info.url ?? '',
    pendingUpdateCount: info.pending_update_count,
    lastErrorDate: info.last_error_date ?? null,
    lastErrorMessage: info.last_error_message ?? null,
    allowedUpdates: info.allowed_updates ?? [],
  }
}

/** Registers the webhook and the command menus, then reports the webhook state. */
export async function setupWebhook(
  telegram: Telegram,
  input: { webhookUrl: string; secretToken: string },
): Promise<WebhookState> {
  await callTelegram('setWebhook', () =>
    telegram.setWebhook(input.webhookUrl, { secret_token: input.secretToken, allowed_updates: [...allowedUpdates] }),
  )
  await callTelegram('setMyCommands', () => telegram.setMyCommands(commandsIn('en')))
  await callTelegram('setMyCommands', () => telegram.setMyCommands(commandsIn('ru'), { language_code: 'ru' }))
  await callTelegram('setMyCommands', () => telegram.setMyCommands(commandsIn('en'), { language_code: 'en' }))
  return webhookState(telegram)
}
