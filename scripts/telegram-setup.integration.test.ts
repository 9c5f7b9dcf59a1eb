import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTelegramSandbox, type TelegramSandbox } from '../apps/sandbox/src/telegram/index.ts'
import { setupTelegram } from './telegram-setup.ts'

let sandbox: TelegramSandbox
const dataDir = mkdtempSync(join(tmpdir(), 'tg-setup-'))

beforeAll(async () => {
  sandbox = await createTelegramSandbox()
})
afterAll(async () => {
  await sandbox.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('npm run telegram:setup', () => {
  it('sets the webhook with the secret and update types, and the commands in ru and en', async () => {
    const state = await setupTelegram({
      APP_URL: 'https://approvals.example.com',
      APP_SECRET: 'setup-test-secret-0123456789abcdef0123456789',
      DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: sandbox.botToken,
      TELEGRAM_API_ROOT: sandbox.apiRoot,
    })
    expect(state).toMatchObject({
      url: 'https://approvals.example.com/api/telegram/webhook',
      allowedUpdates: ['message', 'callback_query', 'my_chat_member'],
    })
    const [webhook] = sandbox.calls('setWebhook')
    expect(webhook!.params['secret_token']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const menus = sandbox.calls('setMyCommands').map((c) => [c.params['language_code'] ?? '', c.params['commands']])
    expect(menus.map(([language]) => language)).toEqual(['', 'ru', 'en'])
    expect(JSON.stringify(menus[1]![1])).toContain('Мои открытые запросы')
  })

  it('stops with a message naming TELEGRAM_BOT_TOKEN when no bot is configured', async () => {
    await expect(setupTelegram({ APP_SECRET: 'x'.repeat(40), DATA_DIR: dataDir })).rejects.toThrow(/TELEGRAM_BOT_TOKEN/)
  })
})
