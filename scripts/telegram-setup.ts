/**
 * @module `npm run telegram:setup`: registers the bot's webhook (`APP_URL/api/telegram/webhook`, the secret token,
 * `allowed_updates` message, callback_query, my_chat_member) and its command menus in Russian and English, then
 * prints the webhook state. Reads the same environment as the app server (`.env` is not loaded: export it first).
 * @see https://core.telegram.org/bots/api#setwebhook
 */
import { pathToFileURL } from 'node:url'
import { createTelegramClient } from '../apps/server/src/adapters/telegram/telegraf-bot.ts'
import { setupWebhook } from '../apps/server/src/adapters/telegram/webhook-setup.ts'
import { resolveAppSecret } from '../apps/server/src/app-secret.ts'
import { ConfigError, parseConfig } from '../apps/server/src/config.ts'
import type { WebhookState } from '../apps/server/src/ports/telegram-bot.ts'
import { webhookSecretOf, webhookUrlOf } from '../apps/server/src/services/telegram/webhook-secret.ts'

/**
 * Sets the webhook and the commands up for the configured bot and returns the webhook state.
 * @throws ConfigError when the environment is invalid or has no `TELEGRAM_BOT_TOKEN`; the Telegram errors of the
 * Bot API calls (a refused URL, a wrong token).
 */
export async function setupTelegram(environment: Record<string, string | undefined>): Promise<WebhookState> {
  const config = resolveAppSecret(parseConfig(environment))
  if (!config.telegram) throw new ConfigError('TELEGRAM_BOT_TOKEN', 'is required for telegram:setup')
  const client = createTelegramClient({ token: config.telegram.botToken, apiRoot: config.telegram.apiRoot })
  return setupWebhook(client, {
    webhookUrl: webhookUrlOf(config.appUrl),
    secretToken: webhookSecretOf(config.telegram, config.appSecret),
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  setupTelegram(process.env)
    .then((state) => {
      console.log(`Webhook: ${state.url}`)
      console.log(`Updates: ${state.allowedUpdates.join(', ')}; pending: ${state.pendingUpdateCount}`)
      if (state.lastErrorMessage) console.log(`Last delivery error: ${state.lastErrorMessage}`)
      if (!state.url.startsWith('https://')) console.warn('Note: Telegram delivers webhooks only to https:// URLs.')
    })
    .catch((error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : `telegram:setup failed: ${(error as Error).message}`)
      process.exit(1)
    })
}
