/**
 * @module `TelegrafMessenger`: the Messenger port over telegraf. Cards go to the approver's linked chat with
 * signed buttons; every message showing a card (reminders and `/pending` answers too) is remembered per approval
 * (`delivered-cards.ts`) so `updateCards` re-renders each one for its own approver (buttons only while that approver may still answer). Sends are paced and idempotent by
 * `idempotencyKey`; "message is not modified" counts as done; a 403 marks the user blocked.
 */
import { createHash } from 'node:crypto'
import type { Telegram } from 'telegraf'
import { telegramFileGroups, type ApprovalAttachment } from '../../domain/index.ts'
import type { DeliveryResult, Messenger } from '../../ports/messenger.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { BotLanguage } from '../../ports/telegram-bot.ts'
import { renderCardText } from './approval-card-html.ts'
import { digestHtml } from './digest-html.ts'
import { sendFileGroup } from './attachment-messages.ts'
import { leadNoticeHtml } from './lead-notice-html.ts'
import { cardMessage, profileLinkQuestion, type OutgoingMessage } from './bot-replies.ts'
import { ValidationError } from '../../ports/errors.ts'
import type { CallbackSigner } from './callback-data.ts'
import { deliveredCards, recordRendering, rememberCard, renderedHashOf, type DeliveredCard } from './delivered-cards.ts'
import { bold } from './html.ts'
import { textsOf } from './locales/texts-of.ts'
import { editOutgoing, sendOutgoing } from './outgoing.ts'
import type { SendPacer } from './send-pacer.ts'
import { isBlockedByUser } from './telegram-errors.ts'

/** What the messenger needs: the Bot API client, the store, the signer, the pacer and the linked recipients. */
export interface TelegrafMessengerOptions {
  telegram: Telegram
  store: Store
  signer: CallbackSigner
  pacer: SendPacer
  recipients: {
    find(
      memberId: string,
      userId: number,
    ): Promise<{ telegramId: number; language: BotLanguage; isBlocked: boolean } | null>
    markBlocked(telegramId: number): Promise<void>
  }
  /** The bytes of an approval's attachment (issue 21). */
  attachmentContent(ref: { memberId: string; approvalId: string }, attachment: ApprovalAttachment): Promise<Buffer>
}

const sentKey = (memberId: string, idempotencyKey: string) =>
  tenantKey(memberId, 'tg-sent', createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40))

async function edit(options: TelegrafMessengerOptions, delivered: DeliveredCard, outgoing: OutgoingMessage) {
  try {
    await editOutgoing(options.telegram, options.pacer, delivered, outgoing)
  } catch (error) {
    if (!isBlockedByUser(error)) throw error
    await options.recipients.markBlocked(delivered.chatId)
  }
}

/**
 * Sends once per idempotency key to a linked, unblocked user; 'not-linked' otherwise (also after a 403, which
 * marks the user blocked).
 */
async function sendOnce(
  options: TelegrafMessengerOptions,
  target: { memberId: string; userId: number; idempotencyKey: string },
  render: (language: BotLanguage) => Promise<OutgoingMessage>,
): Promise<{ result: DeliveryResult; chatId?: number; messageId?: number; language?: BotLanguage }> {
  const key = sentKey(target.memberId, target.idempotencyKey)
  if (await options.store.get(key)) return { result: 'delivered' }
  const recipient = await options.recipients.find(target.memberId, target.userId)
  if (!recipient || recipient.isBlocked) return { result: 'not-linked' }
  try {
    const outgoing = await render(recipient.language)
    const message = await sendOutgoing(options.telegram, options.pacer, recipient.telegramId, outgoing)
    await options.store.put(key, { messageId: message.message_id })
    return {
      result: 'delivered',
      chatId: recipient.telegramId,
      messageId: message.message_id,
      language: recipient.language,
    }
  } catch (error) {
    if (!isBlockedByUser(error)) throw error
    await options.recipients.markBlocked(recipient.telegramId)
    return { result: 'not-linked' }
  }
}

/** Creates the messenger. */
export function createTelegrafMessenger(options: TelegrafMessengerOptions): Messenger {
  return {
    async deliverCard({ view, userId, idempotencyKey }) {
      const { card } = view
      let rendered: OutgoingMessage | undefined
      const sent = await sendOnce(options, { memberId: card.memberId, userId, idempotencyKey }, async (language) => {
        rendered = cardMessage(view, language, options.signer)
        return rendered
      })
      if (sent.chatId !== undefined && rendered) {
        const { chatId, messageId, language } = sent as Required<typeof sent>
        const delivered = { userId, chatId, messageId, language, renderedHash: renderedHashOf(rendered) }
        await rememberCard(options.store, card, delivered)
      }
      return sent.result
    },
    async updateCards({ update }) {
      const { card, timeZone, progress } = update
      for (const one of await deliveredCards(options.store, card)) {
        const actions = card.isOpen ? (update.actionsByUser[String(one.userId)] ?? []) : []
        const view = {
          ...{ card, userId: one.userId, actions },
          ...(timeZone ? { timeZone } : {}),
          ...(progress ? { progress } : {}),
        }
        const outgoing = cardMessage(view, one.language, options.signer)
        const renderedHash = renderedHashOf(outgoing)
        if (renderedHash === one.renderedHash) continue
        await edit(options, one, outgoing)
        await recordRendering(options.store, card, { ...one, renderedHash })
      }
    },
    async tellInitiator({ card, timeZone, event, idempotencyKey }) {
      const target = { memberId: card.memberId, userId: card.initiator.userId, idempotencyKey }
      const sent = await sendOnce(options, target, async (language) => {
        const texts = textsOf(language)
        const heading = bold(texts.initiator[event])
        return { text: renderCardText(card, { language, texts, heading, timeZone }), replyMarkup: undefined }
      })
      return sent.result
    },
    async askToConfirmLink({ telegramId, account, confirmationRef, language }) {
      const outgoing = profileLinkQuestion(account, confirmationRef, language)
      try {
        await sendOutgoing(options.telegram, options.pacer, telegramId, outgoing)
        return 'sent'
      } catch (error) {
        // 403: never started the bot or blocked it; 400: no such chat (a made-up id).
        if (isBlockedByUser(error) || (error instanceof ValidationError && error.code === 'TELEGRAM_REFUSED')) {
          return 'unreachable'
        }
        throw error
      }
    },
    async sendAttachments({ memberId, approvalId, userId, attachments, idempotencyKey }) {
      const recipient = await options.recipients.find(memberId, userId)
      if (!recipient || recipient.isBlocked) return 'not-linked'
      const ref = { memberId, approvalId }
      const card = (await deliveredCards(options.store, ref)).filter((c) => c.userId === userId).at(-1)
      const target = { chatId: recipient.telegramId, replyTo: card?.messageId ?? null }
      const source = { ...ref, content: (a: ApprovalAttachment) => options.attachmentContent(ref, a) }
      for (const [index, group] of telegramFileGroups(attachments).entries()) {
        const key = sentKey(memberId, `${idempotencyKey}:${index}`)
        if (await options.store.get(key)) continue
        try {
          await sendFileGroup(options, target, source, group)
        } catch (error) {
          if (!isBlockedByUser(error)) throw error
          await options.recipients.markBlocked(recipient.telegramId)
          return 'not-linked'
        }
        await options.store.put(key, { sent: true })
      }
      return 'delivered'
    },
    async tellAboutLead({ memberId, userId, notice, idempotencyKey }) {
      const sent = await sendOnce(options, { memberId, userId, idempotencyKey }, async (language) => ({
        text: leadNoticeHtml(notice, language),
        replyMarkup: undefined,
      }))
      return sent.result
    },
    async tellDigest({ memberId, userId, digest, idempotencyKey }) {
      const sent = await sendOnce(options, { memberId, userId, idempotencyKey }, async (language) => ({
        text: digestHtml(digest, language),
        replyMarkup: undefined,
      }))
      return sent.result
    },
  }
}
