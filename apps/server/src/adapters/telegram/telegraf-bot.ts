/**
 * @module The bot runtime: telegraf in webhook mode without `launch()`. The webhook route stores
 * updates; this runtime runs a stored update through telegraf (`handleUpdate` without a response object, so
 * `webhookReply` never applies), translates it into plain calls of {@link BotUseCases} and renders their answers.
 * Every `callback_query` is answered (`answerCallbackQuery`) whatever happens.
 */
import { Telegraf, Telegram, TelegramError, type Context } from 'telegraf'
import { callbackQuery, message } from 'telegraf/filters'
import type { Update } from 'telegraf/types'
import type { Store } from '../../ports/store.ts'
import type {
  BotLanguage,
  BotReply,
  BulkPress,
  BotUseCases,
  TelegramBotRuntime,
  TelegramSender,
} from '../../ports/telegram-bot.ts'
import { loadBotInfo } from './bot-info.ts'
import {
  bulkMessage,
  languageButtonData,
  noticeText,
  profileLinkButton,
  replyMessage,
  replyMessages,
} from './bot-replies.ts'
import { plainText } from './html.ts'
import type { CallbackSigner } from './callback-data.ts'
import { textsOf } from './locales/texts-of.ts'
import { setupWebhook, webhookState } from './webhook-setup.ts'
import { rememberCard, renderedHashOf } from './delivered-cards.ts'
import { editOutgoing, sendOutgoing } from './outgoing.ts'
import { isBlockedByUser } from './telegram-errors.ts'
import type { SendPacer } from './send-pacer.ts'

/** What the runtime is built from; `app.ts` passes the configuration in. */
export interface TelegrafBotOptions {
  token: string
  apiRoot: string
  store: Store
  useCases: BotUseCases
  signer: CallbackSigner
  /** A client to share with the messenger (default: the bot's own). */
  telegram?: Telegram
  /** Paces replies with the messenger's sends (per chat and overall, 429 honoured). */
  pacer: SendPacer
}

/** The runtime plus telegraf's client, which the messenger adapter shares. */
export type TelegrafBotRuntime = TelegramBotRuntime & { telegram: Telegraf['telegram'] }

const commands = ['unlink', 'cancel', 'help', 'pending', 'language']

function senderOf(ctx: Context): TelegramSender {
  const from = ctx.from!
  return { telegramId: from.id, firstName: from.first_name, languageCode: from.language_code, username: from.username }
}

/** A card sent as a reply (`/pending`, after a comment) is remembered, so later changes edit it too. */
async function sendReply(ctx: Context, options: TelegrafBotOptions, language: BotLanguage, reply: BotReply) {
  const chatId = ctx.chat!.id
  if (reply.type === 'full-text') {
    for (const part of replyMessages(reply, language, options.signer)) {
      await sendOutgoing(ctx.telegram, options.pacer, chatId, part)
    }
    return
  }
  const outgoing = replyMessage(reply, language, options.signer)
  const message = await sendOutgoing(ctx.telegram, options.pacer, chatId, outgoing)
  if (reply.type !== 'card') return
  const { card, userId } = reply.view
  const delivered = { userId, chatId, messageId: message.message_id, language, renderedHash: renderedHashOf(outgoing) }
  await rememberCard(options.store, card, delivered)
}

function createReplier(options: TelegrafBotOptions) {
  return async (ctx: Context, language: BotLanguage, replies: BotReply[]) => {
    try {
      for (const reply of replies) await sendReply(ctx, options, language, reply)
    } catch (error) {
      // 403: the user blocked the bot after writing; record it instead of re-running the update for nothing.
      if (!isBlockedByUser(error)) throw error
      await options.useCases.chatMember(senderOf(ctx), true)
    }
  }
}

async function answerPress(ctx: Context, options: TelegrafBotOptions, language: BotLanguage) {
  const texts = textsOf(language)
  const data = ctx.callbackQuery && 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : ''
  const sender = senderOf(ctx)
  const chosen = (Object.keys(languageButtonData) as BotLanguage[]).find((l) => languageButtonData[l] === data)
  if (chosen) {
    await ctx.answerCbQuery()
    return { language: chosen, replies: await options.useCases.chooseLanguage(sender, chosen) }
  }
  const profileLink = profileLinkButton(data)
  if (profileLink) {
    await ctx.answerCbQuery()
    const { confirmationRef, isYes } = profileLink
    return { language, replies: await options.useCases.confirmProfileLink(sender, confirmationRef, isYes) }
  }
  const bulk = options.signer.decodeBulk(data)
  if (bulk && ctx.callbackQuery?.message) return answerBulkPress(ctx, options, language, bulk)
  const button = options.signer.decode(data)
  const message = ctx.callbackQuery?.message
  if (!button || !message) {
    await ctx.answerCbQuery(texts.refusal.BAD_TAG, { show_alert: true })
    return { language, replies: [] }
  }
  const press = { ...button, chatId: message.chat.id, messageId: message.message_id }
  const answer = await options.useCases.press(sender, press)
  if (answer.alert) await ctx.answerCbQuery(texts.refusal[answer.alert], { show_alert: true })
  else await ctx.answerCbQuery(answer.toast ? plainText(noticeText(answer.toast, texts)) : undefined)
  if (answer.edit) {
    const target = { chatId: message.chat.id, messageId: message.message_id }
    const outgoing = replyMessage({ type: 'card', view: answer.edit }, language, options.signer)
    await editOutgoing(ctx.telegram, options.pacer, target, outgoing)
  }
  return { language, replies: answer.replies }
}

async function answerBulkPress(ctx: Context, options: TelegrafBotOptions, language: BotLanguage, press: BulkPress) {
  const message = ctx.callbackQuery!.message!
  const answer = await options.useCases.bulkPress(senderOf(ctx), press)
  if (answer.alert) await ctx.answerCbQuery(textsOf(language).refusal[answer.alert], { show_alert: true })
  else await ctx.answerCbQuery()
  if (answer.offer) {
    const target = { chatId: message.chat.id, messageId: message.message_id }
    await editOutgoing(ctx.telegram, options.pacer, target, bulkMessage(answer.offer, language, options.signer))
  }
  return { language, replies: [] }
}

function registerHandlers(bot: Telegraf, options: TelegrafBotOptions) {
  const { useCases } = options
  const reply = createReplier(options)
  const languageOf = (ctx: Context) => useCases.languageOf(senderOf(ctx))
  bot.start(async (ctx) => reply(ctx, await languageOf(ctx), await useCases.start(senderOf(ctx), ctx.payload)))
  bot.command(commands, async (ctx) => {
    const replies = await useCases.command(senderOf(ctx), ctx.command, ctx.payload)
    await reply(ctx, await languageOf(ctx), replies)
  })
  bot.on(message('text'), async (ctx) => {
    const sender = senderOf(ctx)
    const replies = ctx.message.text.startsWith('/')
      ? [{ type: 'notice' as const, notice: { kind: 'unknown-command' as const } }]
      : await useCases.text(sender, ctx.message.text)
    await reply(ctx, await languageOf(ctx), replies)
  })
  bot.on(callbackQuery(), async (ctx) => {
    let isAnswered = false
    const answer = ctx.answerCbQuery.bind(ctx)
    // Every press is answered exactly once. A late answer (the query expired, or a re-run after a failure already
    // answered it) is logged and does not fail the update, so the decision is not retried because of it.
    ctx.answerCbQuery = async (...args) => {
      isAnswered = true
      return answer(...args).catch((error: unknown) => {
        if (!(error instanceof TelegramError) || error.code !== 400) throw error
        console.warn('telegram: answerCallbackQuery refused:', error.description)
        return true
      })
    }
    try {
      const { language, replies } = await answerPress(ctx, options, await languageOf(ctx))
      await reply(ctx, language, replies)
    } finally {
      if (!isAnswered) await ctx.answerCbQuery(textsOf(await languageOf(ctx)).refusal.UNAVAILABLE, { show_alert: true })
    }
  })
  bot.on('my_chat_member', async (ctx) => {
    await useCases.chatMember(senderOf(ctx), ctx.myChatMember.new_chat_member.status === 'kicked')
  })
}

/** A Bot API client for `apiRoot` (shared by the runtime and the messenger). */
export function createTelegramClient(options: { token: string; apiRoot: string }): Telegram {
  return new Telegram(options.token, { apiRoot: options.apiRoot, webhookReply: false })
}

/** Creates the runtime: a telegraf bot whose `botInfo` comes from the store (no `getMe` per cold start). */
export function createTelegrafBot(options: TelegrafBotOptions): TelegrafBotRuntime {
  // The inbox renews an update's claim while its handler runs, so a reply waiting for its chat's pacing slot is
  // not re-run by another worker; the timeout only bounds a handler that hangs (telegraf does not cancel it).
  const bot = new Telegraf(options.token, {
    telegram: { apiRoot: options.apiRoot, webhookReply: false },
    handlerTimeout: 240_000,
  })
  if (options.telegram) bot.telegram = options.telegram
  bot.catch((error) => {
    throw error
  })
  registerHandlers(bot, options)
  const ensureBotInfo = async () => {
    bot.botInfo ??= await loadBotInfo(options.store, bot.telegram, options.token)
    return bot.botInfo
  }
  return {
    telegram: bot.telegram,
    username: async () => (await ensureBotInfo()).username,
    async handleUpdate(update) {
      await ensureBotInfo()
      await bot.handleUpdate(update as Update)
    },
    setup: (input) => setupWebhook(bot.telegram, input),
    webhookState: () => webhookState(bot.telegram),
  }
}
