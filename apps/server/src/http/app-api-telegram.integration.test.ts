/**
 * Linking a Telegram account end to end with both sandboxes: the app makes a personal deep link, the simulated user
 * sends `/start <code>`, the bot confirms by name and portal; a used or expired code is refused; admins see
 * every user's status, invite the unlinked by Bitrix24 notification and set the webhook up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import { startTelegramStack, type TelegramStack } from '../test-support/telegram-stack.ts'

const IVAN_TG = 700_000_002
const MARIA_TG = 700_000_003
const MARIA = 3
let stack: TelegramStack
let storeNow = Date.now()

beforeAll(async () => {
  stack = await startTelegramStack({
    withBitrix24: true,
    store: openSqliteStore({ file: ':memory:', now: () => storeNow }),
  })
})
afterAll(async () => {
  await stack.close()
})

function call(method: 'GET' | 'POST', path: string, userId: number, body?: unknown) {
  const b24 = stack.b24!
  return stack.server.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${b24.issueTokens(userId).access_token}`,
      'x-b24-member-id': b24.memberId,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

async function deepLinkFor(userId: number): Promise<{ code: string; deepLink: string }> {
  const res = await call('POST', '/api/app/telegram/link', userId)
  expect(res.status).toBe(200)
  return (await res.json()) as { code: string; deepLink: string }
}

const lastText = (chatId: number) => stack.telegram.chat(chatId).lastMessage()?.text ?? ''

describe('linking a Telegram account', () => {
  it('links by deep link and confirms with the user name and the portal', async () => {
    const { code, deepLink } = await deepLinkFor(MARIA)
    expect(code).toMatch(/^[A-Za-z0-9_-]{24}$/)
    expect(deepLink).toBe(`https://t.me/${stack.telegram.botUsername}?start=${code}`)
    await stack.act(() => stack.telegram.user(MARIA_TG).send(`/start ${code}`))
    expect(lastText(MARIA_TG)).toContain('Подключено: Мария Кузнецова')
    expect(lastText(MARIA_TG)).toContain(stack.b24!.domain)
    const status = await (await call('GET', '/api/app/telegram/link', MARIA)).json()
    expect(status).toMatchObject({ link: { isLinked: true, isBlocked: false } })
  })

  it('refuses a code used before, and the link stays with the first account', async () => {
    const { code } = await deepLinkFor(4)
    await stack.act(() => stack.telegram.user(700_000_004).send(`/start ${code}`))
    await stack.act(() => stack.telegram.user(IVAN_TG).send(`/start ${code}`))
    expect(lastText(IVAN_TG)).toMatch(/уже использована/)
    expect(await (await call('GET', '/api/app/telegram/link', 2)).json()).toMatchObject({ link: { isLinked: false } })
    expect(await (await call('GET', '/api/app/telegram/link', 4)).json()).toMatchObject({ link: { isLinked: true } })
  })

  it('keeps a code valid for 72 hours (not 15 minutes), then refuses it, and an unknown code', async () => {
    const young = await deepLinkFor(2)
    storeNow += 71 * 3_600_000
    await stack.act(() => stack.telegram.user(IVAN_TG).send(`/start ${young.code}`))
    expect(lastText(IVAN_TG)).toContain('Подключено: Иван Петров')
    await stack.act(() => stack.telegram.user(IVAN_TG).send('/unlink'))
    const { code } = await deepLinkFor(5)
    storeNow += 72 * 3_600_000 + 1_000
    await stack.act(() => stack.telegram.user(700_000_005).send(`/start ${code}`))
    expect(lastText(700_000_005)).toMatch(/has expired/)
    await stack.act(() => stack.telegram.user(700_000_005).send('/start AAAAAAAAAAAAAAAAAAAAAAAA'))
    expect(lastText(700_000_005)).toMatch(/has expired/)
    expect(await (await call('GET', '/api/app/telegram/link', 5)).json()).toMatchObject({ link: { isLinked: false } })
  })

  it('re-linking a Bitrix24 user replaces the Telegram account; /unlink disconnects', async () => {
    const { code } = await deepLinkFor(MARIA)
    await stack.act(() => stack.telegram.user(IVAN_TG).send(`/start ${code}`))
    expect(lastText(IVAN_TG)).toMatch(/Прежний аккаунт Telegram отключён/)
    await stack.act(() => stack.telegram.user(MARIA_TG).send('/help'))
    expect(lastText(MARIA_TG)).not.toMatch(/Подключено:/)
    await stack.act(() => stack.telegram.user(IVAN_TG).send('/unlink'))
    expect(lastText(IVAN_TG)).toMatch(/Отключено:\n• Мария Кузнецова/)
    expect(await (await call('GET', '/api/app/telegram/link', MARIA)).json()).toMatchObject({
      link: { isLinked: false },
    })
  })

  it('marks a user who blocks the bot inactive, and active again after a restart', async () => {
    const { code } = await deepLinkFor(MARIA)
    await stack.act(() => stack.telegram.user(MARIA_TG).send(`/start ${code}`))
    await stack.act(() => stack.telegram.user(MARIA_TG).block())
    expect(await (await call('GET', '/api/app/telegram/link', MARIA)).json()).toMatchObject({
      link: { isLinked: true, isBlocked: true },
    })
    await stack.act(() => stack.telegram.user(MARIA_TG).unblock())
    expect(await (await call('GET', '/api/app/telegram/link', MARIA)).json()).toMatchObject({
      link: { isLinked: true, isBlocked: false },
    })
  })
})

describe('admin Telegram routes', () => {
  it("lists every active user's link status for admins only", async () => {
    expect((await call('GET', '/api/app/telegram/users', MARIA)).status).toBe(403)
    const res = await call('GET', '/api/app/telegram/users', 1)
    expect(res.status).toBe(200)
    const { users } = (await res.json()) as { users: { id: number; isLinked: boolean }[] }
    expect(users.length).toBeGreaterThanOrEqual(12)
    expect(users.filter((u) => u.isLinked).map((u) => u.id)).toEqual([3, 4])
  })

  it('invites the unlinked users with a Bitrix24 notification carrying a personal link', async () => {
    const before = stack.b24!.notifications().length
    const res = await call('POST', '/api/app/telegram/invitations', 1, { userIds: [2, 3, 6] })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ invited: [2, 6] })
    const sent = stack.b24!.notifications().slice(before)
    expect(sent.map((n) => n.USER_ID)).toEqual([2, 6])
    // One language, the portal's (Russian by default), naming the action as the app does.
    expect(sent[0]!.MESSAGE).toContain('Подключить Telegram')
    expect(sent[0]!.MESSAGE).toContain('72 часа')
    expect(sent[0]!.MESSAGE).not.toMatch(/Connect Telegram|valid for/)
    // Pressed twice: nobody is invited twice within the hour.
    expect(await (await call('POST', '/api/app/telegram/invitations', 1, { userIds: [2] })).json()).toEqual({
      invited: [],
    })
    const code = /start=([A-Za-z0-9_-]{24})/.exec(sent[1]!.MESSAGE)![1]
    await stack.act(() => stack.telegram.user(700_000_006).send(`/start ${code}`))
    expect(lastText(700_000_006)).toContain('Подключено: Дмитрий Лебедев')
  })

  it('sets the webhook and the command menus up, and reports the webhook state', async () => {
    const res = await call('POST', '/api/app/telegram/setup', 1)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      webhook: {
        url: `${stack.listener.url}/api/telegram/webhook`,
        allowedUpdates: ['message', 'callback_query', 'my_chat_member'],
      },
    })
    const commands = stack.telegram.calls('setMyCommands')
    expect(commands.map((c) => c.params['language_code'] ?? 'default')).toEqual(['default', 'ru', 'en'])
    const bot = await (await call('GET', '/api/app/telegram/bot', 1)).json()
    expect(bot).toMatchObject({ bot: { isConfigured: true, username: stack.telegram.botUsername } })
    expect((await call('POST', '/api/app/telegram/setup', MARIA)).status).toBe(403)
  })
})

describe('the approvers being chosen', () => {
  it('tells any user which of the chosen approvers have linked Telegram', async () => {
    const res = await call('GET', '/api/app/telegram/link-status?userIds=3,7,7', MARIA)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      isConfigured: true,
      users: [
        { id: 3, isLinked: expect.any(Boolean) as boolean },
        { id: 7, isLinked: false },
      ],
    })
    expect((await call('GET', '/api/app/telegram/link-status?userIds=x', MARIA)).status).toBe(400)
    expect((await call('GET', '/api/app/telegram/link-status', MARIA)).status).toBe(400)
  })

  it('lets any user invite the approvers they name, and only administrators invite everyone', async () => {
    expect((await call('POST', '/api/app/telegram/invitations', MARIA, {})).status).toBe(403)
    const before = stack.b24!.notifications().length
    const res = await call('POST', '/api/app/telegram/invitations', MARIA, { userIds: [7] })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ invited: [7] })
    expect(
      stack
        .b24!.notifications()
        .slice(before)
        .map((n) => n.USER_ID),
    ).toEqual([7])
  })
})
