/**
 * @module Runs the Telegram sandbox alone as a process (`npx tsx apps/sandbox/src/telegram/main.ts`), on port
 * 8789 unless `TELEGRAM_SANDBOX_PORT` says otherwise, and prints what to give the bot and where to click.
 */
import { createTelegramSandbox } from './sandbox.ts'

const port = Number(process.env.TELEGRAM_SANDBOX_PORT ?? 8789)
const sandbox = await createTelegramSandbox({ port, host: process.env.TELEGRAM_SANDBOX_HOST ?? '127.0.0.1' })
console.log(`Telegram sandbox: phone view ${sandbox.url}`)
console.log(`  TELEGRAM_API_ROOT=${sandbox.apiRoot}`)
console.log(`  TELEGRAM_BOT_TOKEN=${sandbox.botToken}  (@${sandbox.botUsername})`)

const stop = () => {
  sandbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Telegram sandbox did not close cleanly', error)
      process.exit(1)
    },
  )
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
