import { Telegraf, TelegramError } from 'telegraf'
import { caughtTelegramError as caught } from './caught-telegram-error.ts'
import { afterEach, describe, expect, it } from 'vitest'
import type { TelegramSandbox } from './sandbox-handle.ts'
import { createTelegramSandbox } from './sandbox.ts'
import {
  type WebhookHandler,
  type WebhookTestServer,
  startWebhookTestServer,
} from '../test-support/webhook-test-server.ts'

const ANNA = 700_000_001
const open: Array<{ close(): Promise<void> }> = []

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close()
})

async function setup(handler: WebhookHandler, options: Parameters<typeof createTelegramSandbox>[0] = {}) {
  const sandbox: TelegramSandbox = await createTelegramSandbox({
    redelivery: { retryDelayMs: 10, timeoutMs: 2_000, maxAttempts: 3 },
    ...options,
  })
  const webhook: WebhookTestServer = await startWebhookTestServer('/hook', handler)
  open.push(sandbox, webhook)
  const bot = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } })
  await bot.telegram.setWebhook(webhook.url, { secret_token: 'hook_secret' })
  return { sandbox, webhook, bot }
}

const ok: WebhookHandler = (_req, res) => void res.end()
const updateIds = (webhook: WebhookTestServer) => webhook.received.map((r) => r.body.update_id)

describe('webhook delivery', () => {
  it('delivers the same update_id again after the webhook answered 500 once', async () => {
    let failures = 1
    const seen: number[] = []
    const { sandbox, bot } = await setup(async (req, res) => {
      const update = (req as unknown as { body: { update_id: number } }).body
      seen.push(update.update_id)
      res.statusCode = failures-- > 0 ? 500 : 200
      res.end()
    })
    const { update, delivery } = await sandbox.user(ANNA).send('hello')
    expect(delivery).toEqual({ status: 'delivered', attempts: 2 })
    expect(seen).toEqual([update!.update_id, update!.update_id])
    expect(await bot.telegram.getWebhookInfo()).toMatchObject({
      pending_update_count: 0,
      last_error_message: 'Wrong response from the webhook: 500 Internal Server Error',
    })
    expect(sandbox.webhookAttempts().map((a) => a.status)).toEqual([500, 200])
  })

  it('re-delivers when the webhook answers too slowly, and gives up after maxAttempts', async () => {
    let mode: 'slow once' | 'fast' | 'failing' = 'slow once'
    const { sandbox, webhook, bot } = await setup(
      async (_req, res) => {
        if (mode === 'slow once') {
          mode = 'fast'
          await new Promise((resolve) => setTimeout(resolve, 400))
        }
        res.statusCode = mode === 'failing' ? 500 : 200
        res.end()
      },
      { redelivery: { retryDelayMs: 10, timeoutMs: 150, maxAttempts: 3 } },
    )
    const slow = await sandbox.user(ANNA).send('slow')
    expect(slow.delivery).toEqual({ status: 'delivered', attempts: 2 })
    mode = 'failing'
    const failing = await sandbox.user(ANNA).send('failing')
    expect(failing.delivery).toEqual({ status: 'failed', attempts: 3 })
    expect(updateIds(webhook).slice(0, 2)).toEqual([slow.update!.update_id, slow.update!.update_id])
    expect(sandbox.webhookAttempts()[0]!.error).toBe('Read timeout expired')
    expect((await bot.telegram.getWebhookInfo()).pending_update_count).toBe(0)
  })

  it('delivers an update twice on purpose, and again on request', async () => {
    const { sandbox, webhook } = await setup(ok)
    sandbox.knobs.duplicateNext(1)
    const first = await sandbox.user(ANNA).send('one')
    const id = first.update!.update_id
    expect(updateIds(webhook)).toEqual([id, id])
    expect((await sandbox.deliverAgain(id)).status).toBe(200)
    expect(updateIds(webhook)).toEqual([id, id, id])
    const second = await sandbox.user(ANNA).send('two')
    expect(second.update!.update_id).toBe(id + 1)
    expect(sandbox.webhookAttempts().map((a) => a.isDuplicate)).toEqual([false, true, true, false])
  })

  it('sends the secret token header and drops updates outside allowed_updates', async () => {
    const { sandbox, webhook, bot } = await setup(ok)
    await sandbox.user(ANNA).send('hi')
    expect(webhook.received[0]!.secretToken).toBe('hook_secret')
    await bot.telegram.setWebhook(webhook.url, { allowed_updates: ['callback_query'] })
    expect(await sandbox.user(ANNA).send('ignored')).toMatchObject({ update: null, delivery: { status: 'filtered' } })
    expect(webhook.received).toHaveLength(1)
  })

  it('validates secret_token and allowed_updates like Telegram', async () => {
    const { sandbox, webhook, bot } = await setup(ok)
    const error = await bot.telegram.setWebhook(webhook.url, { secret_token: 'not/allowed=' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TelegramError)
    expect((error as TelegramError).description).toBe('Bad Request: secret token contains unallowed characters')
    const raw = await fetch(`${sandbox.apiRoot}/bot${sandbox.botToken}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url: webhook.url, allowed_updates: '"message"' }),
    })
    expect(await raw.json()).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: can't parse allowed_updates JSON array",
    })
  })

  it('executes a Bot API call carried in the webhook answer', async () => {
    const { sandbox } = await setup((_req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ method: 'sendMessage', chat_id: ANNA, text: 'answered in the webhook reply' }))
    })
    await sandbox.user(ANNA).send('ping')
    expect(sandbox.chat(ANNA).lastMessage()).toMatchObject({ text: 'answered in the webhook reply' })
  })

  it('hands pending updates over to getUpdates when the webhook is deleted', async () => {
    const { sandbox, bot } = await setup(
      (_req, res) => {
        res.statusCode = 503
        res.end()
      },
      { redelivery: { retryDelayMs: 200, timeoutMs: 1_000, maxAttempts: 100 } },
    )
    const action = sandbox.user(ANNA).send('stuck')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await bot.telegram.deleteWebhook()
    expect((await action).delivery.status).toBe('queued')
    expect(await bot.telegram.getUpdates(0, 100, 0, undefined)).toMatchObject([{ message: { text: 'stuck' } }])
  })

  it('works with bot.handleUpdate behind a plain HTTP server', async () => {
    const holder: { bot?: Telegraf } = {}
    const { sandbox } = await setup(async (req, res) => {
      await holder.bot!.handleUpdate((req as unknown as { body: Parameters<Telegraf['handleUpdate']>[0] }).body)
      res.end()
    })
    const bot = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } })
    holder.bot = bot
    bot.on('message', (ctx) => ctx.reply(`echo: ${'text' in ctx.message ? ctx.message.text : ''}`))
    await sandbox.user(ANNA).send('hi')
    expect(sandbox.chat(ANNA).lastMessage()).toMatchObject({ text: 'echo: hi' })
    expect(sandbox.calls('getMe')).toHaveLength(1)
  })
})

describe('getUpdates and fault injection', () => {
  it('serves getUpdates without a webhook, confirms by offset, and answers 409 while a webhook is set', async () => {
    const sandbox = await createTelegramSandbox()
    open.push(sandbox)
    const bot = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } })
    const first = await sandbox.user(ANNA).send('/start')
    expect(first.delivery.status).toBe('queued')
    await sandbox.user(ANNA).send('second')
    const updates = await bot.telegram.getUpdates(0, 100, 0, undefined)
    expect(updates.map((u) => u.update_id)).toEqual([first.update!.update_id, first.update!.update_id + 1])
    expect(updates[0]).toMatchObject({
      message: { text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] },
    })
    expect(await bot.telegram.getUpdates(0, 100, first.update!.update_id + 2, undefined)).toEqual([])
    const polling = bot.telegram.getUpdates(1, 100, first.update!.update_id + 2, undefined)
    await sandbox.user(ANNA).send('while polling')
    expect(await polling).toMatchObject([{ message: { text: 'while polling' } }])
    await bot.telegram.setWebhook('http://127.0.0.1:9/hook')
    const conflict = await caught(bot.telegram.getUpdates(0, 100, 0, undefined))
    expect([conflict.code, conflict.description]).toEqual([
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ])
  })

  it('fails or slows the next calls on request', async () => {
    const sandbox = await createTelegramSandbox()
    open.push(sandbox)
    const bot = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } })
    await sandbox.user(ANNA).send('/start')
    sandbox.knobs.failNext(1, { method: 'sendMessage', error_code: 502, description: 'Bad Gateway' })
    const error = await caught(bot.telegram.sendMessage(ANNA, 'x'))
    expect([error.code, error.description]).toEqual([502, 'Bad Gateway'])
    sandbox.knobs.slowNext(1, 300)
    const started = Date.now()
    await expect(bot.telegram.sendMessage(ANNA, 'late')).resolves.toMatchObject({ text: 'late' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(sandbox.calls('sendMessage').map((c) => c.ok)).toEqual([false, true])
  })

  it('refuses a callback answer after the answer window', async () => {
    let now = 1_700_000_000_000
    const sandbox = await createTelegramSandbox({ now: () => now, callbackAnswerWindowMs: 10_000 })
    open.push(sandbox)
    const bot = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } })
    await sandbox.user(ANNA).send('/start')
    await bot.telegram.sendMessage(ANNA, 'card', {
      reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] },
    })
    const { callbackQueryId } = await sandbox.user(ANNA).press(sandbox.chat(ANNA).lastMessage()!, 'OK')
    now += 10_001
    const error = await caught(bot.telegram.answerCbQuery(callbackQueryId!))
    expect(error.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid')
    expect(sandbox.unansweredCallbacks().map((c) => c.query.id)).toEqual([callbackQueryId])
  })
})
