/**
 * The real Vercel artifact: `vercel build` (the pinned CLI, offline) in a temp copy of the working tree, its function
 * loaded the way Vercel's Node launcher loads it, behind the routes of its `config.json`, with the KV store over the
 * Upstash REST protocol and both sandboxes. One build per run; it takes minutes.
 */
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TgMessage } from '../apps/sandbox/src/telegram/index.ts'
import {
  buildVercelOutput,
  functionSize,
  startFunctionHost,
  type BuiltOutput,
} from './test-support/vercel/vercel-output.ts'
import { stackSecrets, startVercelStack, type VercelStack } from './test-support/vercel/vercel-stack.ts'
import { telegramIdOf as tg } from '../apps/server/src/test-support/telegram-stack.ts'

const MARIA = 3
const IVAN = 2
let output: BuiltOutput
let stack: VercelStack

beforeAll(async () => {
  output = await buildVercelOutput()
  stack = await startVercelStack(output)
}, 15 * 60_000)
afterAll(async () => {
  await stack?.close()
  if (output) rmSync(output.root, { recursive: true, force: true })
}, 120_000)

const cardFor = (userId: number, approvalId: string): TgMessage | undefined =>
  stack.telegram
    .chat(tg(userId))
    .messages()
    .filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.callback_data?.includes(approvalId)))
    .at(-1)

describe('the Vercel build output', () => {
  it('is the bundled function, without TypeScript sources or the native SQLite binary', () => {
    const files = readdirSync(output.functionDir, { recursive: true }).map(String)
    expect(files).toContain(join('apps', 'server', 'dist', 'vercel.mjs'))
    expect(files).toContain(join('apps', 'web', 'dist', 'index.html'))
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([])
    expect(functionSize(output.functionDir).bytes).toBeLessThan(10 * 1024 * 1024)
  })

  it('refuses to start on Vercel without CRON_SECRET, with one line naming it', async () => {
    const env = { ...stack.env, CRON_SECRET: '' }
    const failure = await startFunctionHost(output.functionDir, env).then(
      () => 'started',
      (error: Error) => error.message,
    )
    expect(failure).toMatch(/exit code 1/)
    expect(failure.split('\n').slice(1)).toEqual([
      'Configuration error: CRON_SECRET is required on Vercel (the bearer of /api/cron/tick)',
    ])
  })

  it('serves the whole product: install, the frame page, an event, a Telegram decision, the cron tick', async () => {
    const { edge, b24, telegram } = stack
    await stack.startInstance()
    const health = await fetch(`${edge.url}/api/health`)
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'kv', storeReachable: true, mode: 'oauth' })

    // The SPA from the CDN (static/), and its SPA routes rewritten to index.html.
    const index = await (await fetch(`${edge.url}/approvals/any`)).text()
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(index)?.[1]
    expect(script).toMatch(/^\/assets\/.+\.js$/)
    const asset = await fetch(`${edge.url}${script}`)
    expect([asset.status, asset.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8'])

    // Installing from the portal: the install page validates the token with the OAuth server and binds the events.
    await b24.install({ userId: 1 })
    await stack.idle()
    // The portal part of the health answer is for the operator (CRON_SECRET bearer) only.
    const operator = { authorization: `Bearer ${stackSecrets.cron}` }
    expect(await (await fetch(`${edge.url}/api/health`, { headers: operator })).json()).toMatchObject({
      portals: { connected: 1 },
    })

    // The app page in the portal frame: Bitrix24 POSTs the frame fields; the answer is the built SPA.
    const launch = b24.openApplication(MARIA)
    if (typeof launch === 'string') throw new Error(`the app cannot be opened: ${launch}`)
    const frame = await fetch(launch.actionUrl, { method: 'POST', body: new URLSearchParams(launch.fields) })
    expect(frame.status).toBe(200)
    expect(await frame.text()).toContain(script)

    // A CRM event reaches /api/b24/events and is accepted; a forged one is refused.
    await b24.callAsUser(MARIA, 'crm.deal.add', { fields: { TITLE: 'Поставка', OPPORTUNITY: 1000 } })
    await stack.idle()
    expect(
      b24
        .events()
        .filter((e) => e.event === 'ONCRMDEALADD')
        .map((e) => e.status),
    ).toEqual([200])
    const forged = new URLSearchParams({ event: 'ONCRMDEALADD', 'auth[member_id]': b24.memberId })
    forged.set('auth[application_token]', 'forged-token')
    expect((await fetch(`${edge.url}/api/b24/events`, { method: 'POST', body: forged })).status).toBe(401)

    // Telegram: the webhook, an approver linked through the deep link, the card, a press that decides.
    await stack.setWebhook()
    const link = await stack.api(IVAN, 'POST', '/api/app/telegram/link')
    expect(link.status).toBe(200)
    await telegram.user(tg(IVAN)).send(`/start ${link.body.code}`)
    await stack.idle()
    const created = await stack.api(MARIA, 'POST', '/api/app/approvals', {
      title: 'Закупка ноутбуков',
      stages: [{ approverIds: [IVAN], rule: { kind: 'all' } }],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.approval.id as string
    await stack.idle()
    const card = cardFor(IVAN, id)
    expect(card?.text).toContain('Закупка ноутбуков')
    await telegram.user(tg(IVAN)).press(card!, '✅ Согласовать')
    await stack.idle()
    expect(telegram.unansweredCallbacks()).toEqual([])
    expect((await stack.api(MARIA, 'GET', `/api/app/approvals/${id}`)).body.approval.status).toBe('approved')
    expect(
      b24
        .tasks()
        .filter((t) => t.DESCRIPTION.includes(`approval%5D=${id}`))
        .map((t) => t.STATUS),
    ).toEqual([5])

    // The cron tick: refused without the bearer, and safe to run concurrently with it (Vercel Cron sends GET).
    expect((await fetch(`${edge.url}/api/cron/tick`)).status).toBe(401)
    const bearer = { authorization: `Bearer ${stackSecrets.cron}` }
    const ticks = await Promise.all([1, 2, 3].map(() => fetch(`${edge.url}/api/cron/tick`, { headers: bearer })))
    expect(ticks.map((t) => t.status)).toEqual([200, 200, 200])
    expect(await ticks[0]!.json()).toHaveProperty('tick')

    // A fresh instance (another cold start) finds everything in the KV store.
    await stack.startInstance()
    expect((await stack.api(MARIA, 'GET', `/api/app/approvals/${id}`)).body.approval.status).toBe('approved')
  }, 180_000)
})
