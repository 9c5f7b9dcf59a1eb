/** @module Every Bot API method the sandbox implements, by name. */
import type { WebhookDelivery } from '../webhook-delivery.ts'
import { answerCallbackQuery, deleteMyCommands, getMe, getMyCommands, setMyCommands } from './bot-methods.ts'
import { sendDocument, sendPhoto } from './document-methods.ts'
import { sendMediaGroup } from './media-group-methods.ts'
import { deleteMessage, editMessageReplyMarkup, editMessageText, sendMessage } from './message-methods.ts'
import type { BotApiMethod } from './method-types.ts'
import { createWebhookMethods } from './webhook-methods.ts'

/** The method table, keyed by lower-cased method name (Telegram matches names case-insensitively). */
export function createMethodTable(delivery: WebhookDelivery): Map<string, BotApiMethod> {
  const methods: Record<string, BotApiMethod> = {
    getMe,
    setMyCommands,
    getMyCommands,
    deleteMyCommands,
    answerCallbackQuery,
    sendMessage,
    sendDocument,
    sendPhoto,
    sendMediaGroup,
    editMessageText,
    editMessageReplyMarkup,
    deleteMessage,
    ...createWebhookMethods(delivery),
  }
  return new Map(Object.entries(methods).map(([name, method]) => [name.toLowerCase(), method]))
}
