/**
 * @module Sending and editing one rendered message ({@link OutgoingMessage}) in a paced slot of its chat: HTML
 * parse mode, no link previews, the reply markup when there is one. "Message is not modified" counts as done.
 * Shared by the bot's replies and the messenger's cards.
 * @see https://core.telegram.org/bots/api#sendmessage
 * @see https://core.telegram.org/bots/api#editmessagetext
 */
import type { Telegram } from 'telegraf'
import type { OutgoingMessage } from './bot-replies.ts'
import type { SendPacer } from './send-pacer.ts'
import { callTelegram, isNotModified, toAppError } from './telegram-errors.ts'

/** Sends `outgoing` to `chatId`. @throws as {@link callTelegram} maps Telegram's errors. */
export async function sendOutgoing(telegram: Telegram, pacer: SendPacer, chatId: number, outgoing: OutgoingMessage) {
  return pacer.run(chatId, () =>
    callTelegram('sendMessage', () =>
      telegram.sendMessage(chatId, outgoing.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(outgoing.replyMarkup ? { reply_markup: outgoing.replyMarkup } : {}),
      }),
    ),
  )
}

/**
 * Replaces the text and inline keyboard of the message `messageId` in `chatId` (a force_reply markup cannot be
 * edited in, so it is left out). @throws as {@link toAppError} maps Telegram's errors.
 */
export async function editOutgoing(
  telegram: Telegram,
  pacer: SendPacer,
  target: { chatId: number; messageId: number },
  outgoing: OutgoingMessage,
): Promise<void> {
  const markup = outgoing.replyMarkup && 'inline_keyboard' in outgoing.replyMarkup ? outgoing.replyMarkup : undefined
  await pacer.run(target.chatId, async () => {
    try {
      return await telegram.editMessageText(target.chatId, target.messageId, undefined, outgoing.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: markup,
      })
    } catch (error) {
      if (isNotModified(error)) return true
      throw toAppError(error, 'editMessageText')
    }
  })
}
