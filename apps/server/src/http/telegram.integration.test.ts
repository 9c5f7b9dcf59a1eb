/**
 * The Telegram webhook: constant-time secret check (401), `update_id` dedupe, the inbox written before the
 * 200, a 500 followed by Telegram's re-delivery handled once, `botInfo` cached, every callback_query answered.
 */
import { Telegraf } from 'telegraf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import type { Store } from '../ports/store.ts'
import { startTelegramStack, testWebhookSecret, type TelegramStack } from '../test-support/telegram-stack.ts'
import { accountKey } from '../services/telegram/telegram-links.ts'
import { telegramInboxQueue, updateDedupeKey } from '../services/telegram/update-inbox.ts'
import { buildServer } from '../test-support/app-server.ts'

const ANNA = 700_000_001
const IVAN = 700_000_002
const OLGA = 700_000_005
let failEnqueues = 0
let stack: TelegramStack

/** A real SQLite store whose `enqueue` fails while `failEnqueues` > 0 (the store is briefly down). */
function flakyStore(): Store {
  const store = openSqliteStore({ file: ':memory:' })
  return new Proxy(store, {
    get(target, property) {
      if (property === 'enqueue' && failEnqueues > 0) {
        return async () => {
          failEnqueues -= 1
          throw new Error('store unavailable')
        }
      }
      const value = Reflect.get(target, property) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

beforeAll(async () => {
  stack = await startTelegramStack({ store: flakyStore() })
})
afterAll(async () => {
  await stack.close()
})

const post = (body: unknown, secret: string | undefined) =>
  stack.server.app.request('/api/telegram/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(body),
  })

const botMessages = (chatId: number) =>
  stack.telegram
    .chat(chatId)
    .history()
    .filter((r) => r.message.from?.is_bot)

describe('POST /api/telegram/webhook', () => {
  it('answers 401 to a wrong or missing secret and stores nothing', async () => {
    for (const secret of [undefined, 'wrong', testWebhookSecret + 'x']) {
      const res = await post({ update_id: 999_001 }, secret)
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ error: { code: 'TELEGRAM_SECRET_MISMATCH' } })
    }
    expect(await stack.server.store.getTemp(updateDedupeKey(999_001))).toBeNull()
    expect(await stack.server.store.queueSize(telegramInboxQueue)).toBe(0)
  })

  it('answers 400 to a body without update_id', async () => {
    const res = await post({ message: {} }, testWebhookSecret)
    expect(res.status).toBe(400)
  })

  it('answers 400 to JSON nested deeper than 32 levels, before parsing it, and stores nothing', async () => {
    const deep = `{"update_id":999100,"message":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const res = await stack.server.app.request('/api/telegram/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': testWebhookSecret },
      body: deep,
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'JSON_TOO_DEEP' } })
    expect(await stack.server.store.getTemp(updateDedupeKey(999_100))).toBeNull()
    expect(await stack.server.store.queueSize(telegramInboxQueue)).toBe(0)
    const broken = await stack.server.app.request('/api/telegram/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': testWebhookSecret },
      body: '{"update_id": 999101, ',
    })
    expect(broken.status).toBe(400)
  })

  it('persists the update before answering 200 and runs it after the answer', async () => {
    const res = await post({ update_id: 999_002 }, testWebhookSecret)
    expect(res.status).toBe(200)
    expect(await stack.server.store.queueSize(telegramInboxQueue)).toBe(1)
    await stack.server.drain()
    expect(await stack.server.store.queueSize(telegramInboxQueue)).toBe(0)
  })

  it('answers /start without a code in the user language, once, even when the update comes twice', async () => {
    stack.telegram.knobs.duplicateNext(1)
    const { update } = await stack.act(() => stack.telegram.user(ANNA).send('/start'))
    const attempts = stack.telegram.webhookAttempts().filter((a) => a.update_id === update!.update_id)
    expect(attempts.length).toBe(2)
    expect(attempts.every((a) => a.status === 200)).toBe(true)
    const replies = botMessages(ANNA)
    expect(replies).toHaveLength(1)
    expect(replies[0]!.message.text).toMatch(/Подключить Telegram/)
  })

  it('handles one update delivered five times concurrently once', async () => {
    const { update } = await stack.act(() => stack.telegram.user(OLGA).send('/help'))
    await stack.act(() => Promise.all([1, 2, 3, 4, 5].map(() => stack.telegram.deliverAgain(update!.update_id))))
    const replies = botMessages(OLGA)
    expect(replies).toHaveLength(1)
    expect(replies[0]!.message.text).toMatch(/approval requests/)
  })

  it('runs an update POSTed five times at once exactly once', async () => {
    const update = {
      update_id: 555_000_001,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: ANNA, type: 'private', first_name: 'Анна' },
        from: { id: ANNA, is_bot: false, first_name: 'Анна', language_code: 'ru' },
        text: '/help',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    }
    const before = botMessages(ANNA).length
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(update, testWebhookSecret)))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    const bodies = await Promise.all(answers.map((r) => r.json()))
    expect(bodies.filter((b) => b.duplicate === false)).toHaveLength(1)
    await stack.server.drain()
    expect(botMessages(ANNA)).toHaveLength(before + 1)
  })

  it('marks a user blocked when the reply to their update gets 403, without re-running the update', async () => {
    const elena = 700_000_007
    const update = {
      update_id: 555_000_002,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: elena, type: 'private', first_name: 'Елена' },
        from: { id: elena, is_bot: false, first_name: 'Елена', language_code: 'ru' },
        text: 'hello',
      },
    }
    expect((await post(update, testWebhookSecret)).status).toBe(200)
    await stack.server.drain()
    const sends = stack.telegram.calls('sendMessage').filter((c) => c.params['chat_id'] === elena)
    expect(sends.map((c) => c.error_code)).toEqual([403])
    expect(await stack.server.store.queueSize(telegramInboxQueue)).toBe(0)
    expect((await stack.server.store.get<{ isBlocked: boolean }>(accountKey(elena)))?.value.isBlocked).toBe(true)
  })

  it('answers 500 when the inbox cannot be written, then handles the re-delivery once', async () => {
    failEnqueues = 1
    const { update, delivery } = await stack.act(() => stack.telegram.user(IVAN).send('/help'))
    expect(delivery.status).toBe('delivered')
    const statuses = stack.telegram
      .webhookAttempts()
      .filter((a) => a.update_id === update!.update_id)
      .map((a) => a.status)
    expect(statuses).toEqual([500, 200])
    expect(botMessages(IVAN)).toHaveLength(1)
  })

  it('calls getMe once per bot: the bot info is cached in the store across instances', async () => {
    expect(stack.telegram.calls('getMe')).toHaveLength(1)
    const second = buildServer(stack.env, { store: stack.server.store })
    stack.listener.use(second.app)
    await stack.telegram.user(ANNA).send('/help')
    await second.drain()
    expect(stack.telegram.calls('getMe')).toHaveLength(1)
    stack.listener.use(stack.server.app)
  })

  it('answers every callback_query: a forged button gets an alert, a language button a toast', async () => {
    const client = new Telegraf(stack.telegram.botToken, { telegram: { apiRoot: stack.telegram.apiRoot } }).telegram
    const forged = await client.sendMessage(ANNA, 'forged', {
      reply_markup: {
        inline_keyboard: [[{ text: 'Approve', callback_data: 'c1.a.AAAAAA.01JDFORGED.AAAAAAAAAAAAAAAA' }]],
      },
    })
    await stack.act(() => stack.telegram.user(ANNA).press(forged, 'Approve'))
    await stack.act(() => stack.telegram.user(ANNA).send('/language'))
    await stack.act(() => stack.telegram.user(ANNA).press(stack.telegram.chat(ANNA).lastMessage()!, 'English'))
    const callbacks = stack.telegram.callbacks()
    expect(stack.telegram.unansweredCallbacks()).toEqual([])
    expect(callbacks.at(-2)!.answer).toMatchObject({ show_alert: true, text: expect.stringMatching(/недействительна/) })
    expect(stack.telegram.chat(ANNA).lastMessage()!.text).toBe('Language: English.')
  })
})
