/**
 * @module The webhook's `secret_token`: `TELEGRAM_WEBHOOK_SECRET` when set, otherwise derived from APP_SECRET
 * (HMAC-SHA256, base64url: 43 characters of `A-Z a-z 0-9 _ -`, as Telegram requires), so a deployment needs no
 * second secret and `telegram:setup` and the webhook route always agree.
 * @see https://core.telegram.org/bots/api#setwebhook
 */
import { createHmac } from 'node:crypto'

/** The secret token the webhook expects. */
export function webhookSecretOf(config: { webhookSecret: string | undefined }, appSecret: string): string {
  return (
    config.webhookSecret ?? createHmac('sha256', appSecret).update('telegram-webhook-secret-v1').digest('base64url')
  )
}

/** The webhook URL under the app's public base. */
export function webhookUrlOf(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, '')}/api/telegram/webhook`
}
