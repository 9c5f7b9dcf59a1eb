/**
 * @module Child process of `update-crash.integration.test.ts` (not a test): builds the app over the shared SQLite
 * file, receives one Telegram update through the webhook (stored, then claimed by the inbox worker after the 200),
 * prints the HTTP status and kills itself with SIGKILL after `killAfterMs`, while the bot still handles the update.
 */
import { writeSync } from 'node:fs'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import { createApp } from '../app.ts'
import { parseConfig } from '../config.ts'

const input = JSON.parse(process.argv[2] ?? '{}') as {
  env: Record<string, string>
  file: string
  update: unknown
  killAfterMs: number
}
const config = parseConfig(input.env)
const app = createApp({
  config: { ...config, appSecret: config.appSecret! },
  store: openSqliteStore({ file: input.file }),
  defer: (work) => void work.catch((error: unknown) => console.error(error)),
})
const response = await app.request('/api/telegram/webhook', {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-telegram-bot-api-secret-token': input.env['TELEGRAM_WEBHOOK_SECRET']!,
  },
  body: JSON.stringify(input.update),
})
writeSync(1, `status ${response.status}\n`)
await new Promise((resolve) => setTimeout(resolve, input.killAfterMs))
process.kill(process.pid, 'SIGKILL')
