/**
 * Fast recovery of Telegram updates: a process killed (`kill -9`) while the bot handles an update it claimed
 * leaves the update to the next worker within 60 s, which answers it exactly once (the test kills a child).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTelegramSandbox, type TelegramSandbox } from '../../../../sandbox/src/telegram/index.ts'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { buildServer } from '../../test-support/app-server.ts'
import { manualClock } from '../../test-support/approval-harness.ts'
import { telegramInboxQueue } from './update-inbox.ts'

const dir = mkdtempSync(join(tmpdir(), 'update-crash-'))
const file = join(dir, 'store.sqlite')
const childFile = fileURLToPath(new URL('../../test-support/telegram-crash-child.ts', import.meta.url))
const ANNA = 700_000_001
let telegram: TelegramSandbox
let env: Record<string, string>

beforeAll(async () => {
  telegram = await createTelegramSandbox({})
  env = {
    APP_URL: 'http://127.0.0.1:9',
    APP_SECRET: 'test-app-secret-0123456789abcdef0123456789',
    TELEGRAM_BOT_TOKEN: telegram.botToken,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: 'test-webhook-secret_0123',
    CRON_SECRET: 'cron-secret-0123456789',
  }
})
afterAll(async () => {
  await telegram.close()
  rmSync(dir, { recursive: true, force: true })
})

function runChild(input: unknown): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childFile, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()))
    child.on('error', reject)
    child.on('close', (_code, signal) => resolve({ stdout, signal }))
  })
}

const botReplies = () =>
  telegram
    .chat(ANNA)
    .history()
    .filter((record) => record.message.from?.is_bot)

describe('a process killed while the bot handles an update', () => {
  it(
    'leaves the claimed update to the next worker within 60 s, which answers it once',
    { timeout: 60_000 },
    async () => {
      const update = {
        update_id: 424_242,
        message: {
          ...{ message_id: 1, date: Math.floor(Date.now() / 1000), text: '/help' },
          chat: { id: ANNA, type: 'private', first_name: 'Анна' },
          from: { id: ANNA, is_bot: false, first_name: 'Анна', language_code: 'ru' },
          entities: [{ type: 'bot_command', offset: 0, length: 5 }],
        },
      }
      // Anna has written to the bot before (no webhook yet: the sandbox keeps her message for getUpdates).
      await telegram.user(ANNA).send('/start')
      // The dead worker's reply hangs for 2 s and then fails: it never reaches the chat.
      telegram.knobs.slowNext(1, 2_000, { method: 'sendMessage' })
      telegram.knobs.failNext(1, { method: 'sendMessage' })
      const child = await runChild({ env, file, update, killAfterMs: 700 })
      const killedAt = Date.now()
      expect(child.signal).toBe('SIGKILL')
      expect(child.stdout).toContain('status 200')
      await new Promise((resolve) => setTimeout(resolve, 2_500))
      expect(botReplies()).toHaveLength(0)

      // A tick 45 s after the crash, by the clock of the restarted instance.
      const clock = manualClock(killedAt + 45_000)
      const restarted = buildServer(env, { store: openSqliteStore({ file, now: clock.now }), clock })
      expect(await restarted.store.queueSize(telegramInboxQueue)).toBe(1)
      const tick = await restarted.app.request('/api/cron/tick', {
        headers: { authorization: `Bearer ${env['CRON_SECRET']}` },
      })
      expect(tick.status).toBe(200)
      await restarted.drain()
      expect(botReplies()).toHaveLength(1)
      expect(await restarted.store.queueSize(telegramInboxQueue)).toBe(0)
      await restarted.store.close()
    },
  )
})
