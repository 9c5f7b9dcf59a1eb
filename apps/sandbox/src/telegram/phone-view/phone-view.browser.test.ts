import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../../test-support/chromium.ts'
import { Markup, Telegraf } from 'telegraf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TelegramSandbox } from '../sandbox-handle.ts'
import { createTelegramSandbox } from '../sandbox.ts'
import { type WebhookTestServer, startWebhookTestServer } from '../../test-support/webhook-test-server.ts'

const ANNA = 700_000_001
const IVAN = 700_000_002
const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/', import.meta.url))
let sandbox: TelegramSandbox
let webhook: WebhookTestServer
let browser: Browser

beforeAll(async () => {
  sandbox = await createTelegramSandbox()
  const bot = new Telegraf(sandbox.botToken, { telegram: { apiRoot: sandbox.apiRoot } })
  bot.start((ctx) =>
    ctx.reply('<b>Invoice №17</b>\nSupplier: «Ромашка» &amp; Co\nAmount: <code>12 500 ₽</code>', {
      parse_mode: 'HTML',
      ...Markup.inlineKeyboard([
        [Markup.button.callback('✅ Approve', 'approve:17'), Markup.button.callback('❌ Reject', 'reject:17')],
        [Markup.button.url('Open in Bitrix24', 'https://romashka.example/crm/deal/17/')],
      ]),
    }),
  )
  bot.action('approve:17', async (ctx) => {
    await ctx.answerCbQuery('Approved')
    await ctx.editMessageText(`<b>Invoice №17</b>\n✅ <i>Approved by ${ctx.from.first_name}</i>`, {
      parse_mode: 'HTML',
    })
  })
  bot.on('text', (ctx) => ctx.reply(`You wrote: ${ctx.message.text}`, { reply_markup: { force_reply: true } }))
  webhook = await startWebhookTestServer('/hook', bot.webhookCallback('/hook', { secretToken: 'view_secret' }))
  await bot.telegram.setWebhook(webhook.url, { secret_token: 'view_secret' })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await sandbox?.close()
  await webhook?.close()
})

describe('the phone view in Chromium', () => {
  it('presses an inline button, the bot gets the callback_query and the edited message appears', async () => {
    await sandbox.user(ANNA).send('/start')
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } })
    await page.goto(`${sandbox.url}#user=${ANNA}`)
    const card = page.locator('.msg.bot').last()
    await card.locator('b', { hasText: 'Invoice №17' }).waitFor()
    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: `${SCREENSHOTS}telegram-phone-view-card.png` })
    await card.locator('.kb-button', { hasText: '✅ Approve' }).click()

    await card.locator('i', { hasText: 'Approved by Анна' }).waitFor()
    expect(await card.locator('.kb-button').count()).toBe(0)
    expect(await card.locator('.info').textContent()).toMatch(/^edited /)
    const callbackUpdate = webhook.received.find((r) => 'callback_query' in r.body)
    expect(callbackUpdate).toMatchObject({
      secretToken: 'view_secret',
      body: { callback_query: { data: 'approve:17', from: { id: ANNA, first_name: 'Анна' } } },
    })
    expect(sandbox.unansweredCallbacks()).toEqual([])
    await page.locator('#toast', { hasText: 'Approved' }).waitFor()

    await page.fill('#text', 'Согласую до пятницы')
    await page.click('#composer button')
    await page.locator('.msg.bot .text', { hasText: 'You wrote: Согласую до пятницы' }).waitFor()
    await page.locator('#reply-banner.visible').waitFor()
    await page.click('#reply-cancel')
    await page.fill('#text', 'https://t.me/approval_sandbox_bot?start=inv_18')
    await page.click('#composer button')
    await page.locator('.msg.user .text', { hasText: '/start inv_18' }).waitFor()
    await page.locator('.msg.bot').last().locator('.kb-button', { hasText: 'Reject' }).waitFor()
    await page.screenshot({ path: `${SCREENSHOTS}telegram-phone-view.png` })
    await page.close()
  })

  it('at phone width (390 px) shows one chat at a time, and an empty chat throws no script error', async () => {
    await sandbox.user(ANNA).send('/start')
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    const scriptErrors: string[] = []
    page.on('pageerror', (error) => scriptErrors.push(error.message))
    await page.goto(sandbox.url)
    const list = page.locator('#list')
    await page.locator(`[data-testid="user-${IVAN}"]`).waitFor()
    expect((await list.boundingBox())?.width).toBe(390)
    expect(await page.locator('#chat').isVisible()).toBe(false)
    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: `${SCREENSHOTS}telegram-phone-view-390-list.png` })

    await page.click(`[data-testid="user-${IVAN}"]`)
    await page.locator('#empty', { hasText: 'No messages here yet' }).waitFor()
    expect(await list.isVisible()).toBe(false)
    expect((await page.locator('#chat').boundingBox())?.width).toBe(390)
    await page.screenshot({ path: `${SCREENSHOTS}telegram-phone-view-390-empty-chat.png` })

    await page.click('#back')
    await list.waitFor()
    await page.click(`[data-testid="user-${ANNA}"]`)
    const card = page.locator('.msg.bot').last()
    await card.locator('b', { hasText: 'Invoice №17' }).waitFor()
    // The chat takes the whole screen: no narrow "one letter per line" column beside the list.
    expect((await page.locator('#messages').boundingBox())?.width).toBe(390)
    expect((await card.boundingBox())?.height ?? 0).toBeLessThan(200)
    await page.screenshot({ path: `${SCREENSHOTS}telegram-phone-view-390-chat.png` })
    expect(scriptErrors).toEqual([])
    await page.close()
  })
})
