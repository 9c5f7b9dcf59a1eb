import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TelegramSandbox } from '../sandbox-handle.ts'
import { createTelegramSandbox } from '../sandbox.ts'

const ANNA = 700_000_001
let sandbox: TelegramSandbox

beforeAll(async () => {
  sandbox = await createTelegramSandbox({ requiresStart: false })
})
afterAll(async () => {
  await sandbox?.close()
})

const act = (id: number, body: object) =>
  fetch(`${sandbox.url}_sandbox/users/${id}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('phone view routes', () => {
  it('lists the twelve seed people as Telegram users', async () => {
    const body = (await (await fetch(`${sandbox.url}_sandbox/users`)).json()) as {
      users: Array<{ id: number; name: string; username: string; language_code: string }>
    }
    expect(body.users).toHaveLength(12)
    expect(body.users[0]).toMatchObject({
      id: ANNA,
      name: 'Анна Смирнова',
      username: 'anna_smirnova',
      language_code: 'ru',
    })
  })

  it('serves the page and renders a chat with sanitised HTML, keyboard and force-reply', async () => {
    const page = await fetch(sandbox.url)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain('@approval_sandbox_bot')
    const api = `${sandbox.apiRoot}/bot${sandbox.botToken}`
    const send = (body: object) =>
      fetch(`${api}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    await send({
      chat_id: ANNA,
      text: '<b>Pay</b> &lt;script&gt;',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] },
    })
    await send({ chat_id: ANNA, text: 'Why?', reply_markup: { force_reply: true, input_field_placeholder: 'Reason' } })
    const chat = (await (await fetch(`${sandbox.url}_sandbox/chats/${ANNA}`)).json()) as { messages: unknown[] }
    expect(chat.messages).toMatchObject([
      { sender: 'bot', html: '<b>Pay</b> &lt;script&gt;', keyboard: [[{ text: 'OK' }]], isEdited: false },
      { sender: 'bot', html: 'Why?', forceReplyPlaceholder: 'Reason' },
    ])
  })

  it('runs user actions and refuses impossible ones with 400', async () => {
    const reply = await act(ANNA, { text: 'Too expensive', replyTo: 2 })
    expect(await reply.json()).toMatchObject({ ok: true, delivery: { status: 'queued' } })
    expect(sandbox.chat(ANNA).lastMessage()).toMatchObject({
      text: 'Too expensive',
      reply_to_message: { text: 'Why?' },
    })
    const wrong = await act(ANNA, { messageId: 1, button: 'Nope' })
    expect([wrong.status, await wrong.json()]).toEqual([
      400,
      { ok: false, error: 'no inline button "Nope" under message 1' },
    ])
    const pressed = await act(ANNA, { messageId: 1, button: 'OK' })
    expect(pressed.status).toBe(200)
    expect(sandbox.unansweredCallbacks()).toMatchObject([{ query: { data: 'ok' } }])
    expect((await act(1, { text: 'x' })).status).toBe(400)
  })
})
