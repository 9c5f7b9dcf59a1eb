import { Markup, Telegraf } from 'telegraf'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { caughtTelegramError as caught } from './caught-telegram-error.ts'
import type { TelegramSandbox } from './sandbox-handle.ts'
import { createTelegramSandbox } from './sandbox.ts'
import { type WebhookTestServer, startWebhookTestServer } from '../test-support/webhook-test-server.ts'

const SECRET = 'sandbox_secret-123'
const ANNA = 700_000_001
const IVAN = 700_000_002
let sandbox: TelegramSandbox
let bot: Telegraf
let webhook: WebhookTestServer

beforeAll(async () => {
  sandbox = await createTelegramSandbox({ redelivery: { retryDelayMs: 10, timeoutMs: 5_000 } })
  bot = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } })
  bot.start((ctx) =>
    ctx.reply(`Approval <b>${ctx.payload}</b>`, {
      parse_mode: 'HTML',
      ...Markup.inlineKeyboard([
        Markup.button.callback('Approve', 'approve:42'),
        Markup.button.callback('Reject', 'reject:42'),
      ]),
    }),
  )
  bot.action(/^(approve|reject):(\d+)$/, async (ctx) => {
    await ctx.answerCbQuery(ctx.match[1] === 'approve' ? 'Approved' : 'Rejected')
    await ctx.editMessageText(`<b>${ctx.match[1] === 'approve' ? 'Approved' : 'Rejected'}</b> #${ctx.match[2]}`, {
      parse_mode: 'HTML',
    })
  })
  webhook = await startWebhookTestServer('/hook', bot.webhookCallback('/hook', { secretToken: SECRET }))
  await bot.telegram.setWebhook(webhook.url, { secret_token: SECRET, allowed_updates: ['message', 'callback_query'] })
})

afterAll(async () => {
  await sandbox?.close()
  await webhook?.close()
})

describe('the Telegram sandbox driven by real telegraf', () => {
  it('answers getMe and getWebhookInfo like Telegram', async () => {
    expect(await bot.telegram.getMe()).toMatchObject({ is_bot: true, username: 'approval_sandbox_bot' })
    expect(await bot.telegram.getWebhookInfo()).toMatchObject({
      url: webhook.url,
      pending_update_count: 0,
      allowed_updates: ['message', 'callback_query'],
    })
  })

  it('delivers /start with the secret header and stores the reply with its inline keyboard', async () => {
    const { update, delivery } = await sandbox.user(ANNA).send('/start inv_7')
    expect(delivery.status).toBe('delivered')
    expect(webhook.received.at(-1)).toEqual({ secretToken: SECRET, body: update })
    const reply = sandbox.chat(ANNA).lastMessage()!
    expect(reply).toMatchObject({
      text: 'Approval inv_7',
      entities: [{ type: 'bold', offset: 9, length: 5 }],
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Approve', callback_data: 'approve:42' },
            { text: 'Reject', callback_data: 'reject:42' },
          ],
        ],
      },
    })
  })

  it('turns a press into a callback_query that the bot answers and follows with an edit', async () => {
    const card = sandbox.chat(ANNA).lastMessage()!
    const { callbackQueryId, delivery } = await sandbox.user(ANNA).press(card, 'Approve')
    expect(delivery.status).toBe('delivered')
    const record = sandbox.callbacks().find((c) => c.query.id === callbackQueryId)!
    expect(record.query).toMatchObject({
      data: 'approve:42',
      from: { id: ANNA },
      message: { message_id: card.message_id },
    })
    expect(record.answer).toEqual({ text: 'Approved', show_alert: false })
    expect(record.answerLatencyMs).toBeGreaterThanOrEqual(0)
    expect(sandbox.unansweredCallbacks()).toEqual([])
    // telegraf answers the query inside the webhook response, then edits with a separate call.
    await vi.waitFor(() => expect(sandbox.calls('editMessageText')).toHaveLength(1))
    const [edited] = sandbox.chat(ANNA).history().slice(-1)
    expect(edited!.message).toMatchObject({ text: 'Approved #42', message_id: card.message_id })
    expect(edited!.message.reply_markup).toBeUndefined()
    expect(edited!.versions.map((v) => v.text)).toEqual(['Approval inv_7', 'Approved #42'])
  })

  it('refuses an identical edit with "message is not modified"', async () => {
    const card = sandbox.chat(ANNA).lastMessage()!
    const error = await caught(
      bot.telegram.editMessageText(ANNA, card.message_id, undefined, '<b>Approved</b> #42', { parse_mode: 'HTML' }),
    )
    expect(error.code).toBe(400)
    expect(error.description).toMatch(/^Bad Request: message is not modified: specified new message content/)
  })

  it('surfaces the flood limit as TelegramError 429 with retry_after', async () => {
    sandbox.knobs.setLimits({ perChatBurst: 1, perChatPerSecond: 0.2 })
    try {
      await bot.telegram.sendMessage(ANNA, 'first')
      const error = await caught(bot.telegram.sendMessage(ANNA, 'second'))
      expect(error.code).toBe(429)
      expect(error.description).toMatch(/^Too Many Requests: retry after \d+$/)
      expect(error.parameters?.retry_after).toBe(5)
    } finally {
      sandbox.knobs.setLimits({ perChatBurst: 5, perChatPerSecond: 1 })
    }
  })

  it('refuses callback_data over 64 bytes with BUTTON_DATA_INVALID and accepts exactly 64', async () => {
    const keyboard = (data: string) => Markup.inlineKeyboard([Markup.button.callback('x', data)])
    const error = await caught(bot.telegram.sendMessage(ANNA, 'too long', keyboard('a'.repeat(65))))
    expect([error.code, error.description]).toEqual([400, 'Bad Request: BUTTON_DATA_INVALID'])
    const cyrillic = await caught(bot.telegram.sendMessage(ANNA, 'too long', keyboard('я'.repeat(33))))
    expect(cyrillic.description).toBe('Bad Request: BUTTON_DATA_INVALID')
    await expect(bot.telegram.sendMessage(ANNA, 'fits', keyboard('я'.repeat(32)))).resolves.toMatchObject({
      text: 'fits',
    })
  })

  it('refuses unbalanced or unsupported HTML with Telegram’s entity errors', async () => {
    const unbalanced = await caught(bot.telegram.sendMessage(ANNA, '<b>Invoice', { parse_mode: 'HTML' }))
    expect([unbalanced.code, unbalanced.description]).toEqual([
      400,
      'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
    ])
    const unsupported = await caught(bot.telegram.sendMessage(ANNA, 'a <br> b', { parse_mode: 'HTML' }))
    expect(unsupported.description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 2',
    )
  })

  it('keeps explicit entities when no parse_mode is given', async () => {
    const sent = await bot.telegram.sendMessage(ANNA, 'Due today', {
      entities: [
        { type: 'bold', offset: 0, length: 3 },
        { type: 'italic', offset: 4, length: 50 },
      ],
    })
    expect(sent.entities).toEqual([{ type: 'bold', offset: 0, length: 3 }])
  })

  it('checks text length, unknown chats, blocked users and users who never started the bot', async () => {
    expect((await caught(bot.telegram.sendMessage(ANNA, 'x'.repeat(4097)))).description).toBe(
      'Bad Request: message is too long',
    )
    expect((await caught(bot.telegram.sendMessage(ANNA, ' '))).description).toBe('Bad Request: message text is empty')
    expect((await caught(bot.telegram.sendMessage(123, 'hi'))).description).toBe('Bad Request: chat not found')
    const stranger = await caught(bot.telegram.sendMessage(IVAN, 'hi'))
    expect([stranger.code, stranger.description]).toEqual([
      403,
      "Forbidden: bot can't initiate conversation with a user",
    ])
    await sandbox.user(IVAN).send('hello')
    await sandbox.user(IVAN).block()
    const blocked = await caught(bot.telegram.sendMessage(IVAN, 'hi'))
    expect([blocked.code, blocked.description]).toEqual([403, 'Forbidden: bot was blocked by the user'])
    await sandbox.user(IVAN).unblock()
    await expect(bot.telegram.sendMessage(IVAN, 'hi again')).resolves.toMatchObject({ chat: { id: IVAN } })
  })

  it('refuses to answer an unknown, repeated or too old callback query', async () => {
    const unknown = await caught(bot.telegram.answerCbQuery('999'))
    expect(unknown.description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    )
    const answered = sandbox.callbacks()[0]!.query.id
    expect((await caught(bot.telegram.answerCbQuery(answered))).code).toBe(400)
  })

  it('uploads a document with multipart and keeps deleted messages in the history', async () => {
    const sent = await bot.telegram.sendDocument(
      ANNA,
      { source: Buffer.from('%PDF-1.4 sandbox'), filename: 'invoice.pdf' },
      { caption: '<i>Invoice</i>', parse_mode: 'HTML' },
    )
    expect(sent).toMatchObject({
      document: { file_name: 'invoice.pdf', file_size: 16 },
      caption: 'Invoice',
      caption_entities: [{ type: 'italic', offset: 0, length: 7 }],
    })
    await bot.telegram.sendDocument(ANNA, sent.document.file_id)
    expect(await bot.telegram.deleteMessage(ANNA, sent.message_id)).toBe(true)
    expect(
      sandbox
        .chat(ANNA)
        .messages()
        .some((m) => m.message_id === sent.message_id),
    ).toBe(false)
    expect(
      sandbox
        .chat(ANNA)
        .history()
        .find((r) => r.message.message_id === sent.message_id)?.deletedAt,
    ).toBeGreaterThan(0)
    expect((await caught(bot.telegram.deleteMessage(ANNA, sent.message_id))).description).toBe(
      'Bad Request: message to delete not found',
    )
  })

  it('stores bot commands per scope and language', async () => {
    await bot.telegram.setMyCommands([{ command: 'start', description: 'Start' }], { language_code: 'ru' })
    expect(await bot.telegram.getMyCommands({ language_code: 'ru' })).toEqual([
      { command: 'start', description: 'Start' },
    ])
    expect(await bot.telegram.getMyCommands()).toEqual([])
    const invalid = await caught(bot.telegram.setMyCommands([{ command: 'Bad Command', description: 'x' }]))
    expect(invalid.description).toBe('Bad Request: BOT_COMMAND_INVALID')
  })

  it('answers 401 for an unknown token and 404 for an unknown method', async () => {
    const wrongToken = await fetch(`${sandbox.apiRoot}/bot1:wrong/getMe`)
    expect([wrongToken.status, await wrongToken.json()]).toEqual([
      401,
      { ok: false, error_code: 401, description: 'Unauthorized' },
    ])
    const unknown = await fetch(`${sandbox.apiRoot}/bot${sandbox.botToken}/sendPigeon`, { method: 'POST' })
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { ok: false, error_code: 404, description: 'Not Found' },
    ])
  })
})
