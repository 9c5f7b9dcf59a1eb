/**
 * @module Renders what the use cases answer ({@link BotReply}, {@link BotNotice}) as Telegram messages: HTML text
 * in the user's language, inline keyboards with signed `callback_data`, force_reply prompts.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types'
import type { ApproverCardView } from '../../ports/messenger.ts'
import type {
  BotLanguage,
  BotNotice,
  BotReply,
  BulkOffer,
  BulkPress,
  ButtonAction,
  LinkedAccount,
} from '../../ports/telegram-bot.ts'
import { renderCard } from './approval-card-html.ts'
import { fullTextMessages } from './full-text-html.ts'
import type { CallbackSigner } from './callback-data.ts'
import type { BotTexts } from './locales/bot-texts.ts'
import { textsOf } from './locales/texts-of.ts'

/** A message ready for `sendMessage` / `editMessageText`. */
export interface OutgoingMessage {
  text: string
  replyMarkup: InlineKeyboardMarkup | { force_reply: true; input_field_placeholder?: string } | undefined
}

/** The `callback_data` of the `/language` buttons (not signed: choosing a language is harmless). */
export const languageButtonData: Record<BotLanguage, string> = { ru: 'lang.ru', en: 'lang.en' }

/** Renders a notice in `texts`' language. */
export function noticeText(notice: BotNotice, texts: BotTexts): string {
  switch (notice.kind) {
    case 'linked':
      return texts.linked(notice.account, notice.replacedTelegramAccount)
    case 'link-code-expired':
      return texts.linkCodeExpired
    case 'link-code-used':
      return texts.linkCodeUsed
    case 'how-to-link':
      return texts.howToLink(notice.accounts)
    case 'unlinked':
      return texts.unlinked(notice.accounts)
    case 'not-linked':
      return texts.notLinked
    case 'help':
      return texts.help(notice.accounts)
    case 'choose-language':
      return texts.chooseLanguage
    case 'language-set':
      return texts.languageSet
    case 'cancelled':
      return texts.cancelled
    case 'nothing-to-cancel':
      return texts.nothingToCancel
    case 'ask-comment':
      return texts.askComment(notice.title, notice.action)
    case 'decision-recorded':
      return texts.decisionRecorded(notice.title, notice.action)
    case 'decision-refused':
      return texts.refusal[notice.reason]
    case 'no-pending':
      return texts.noPending
    case 'pending-portal':
      return texts.pendingPortal(notice.account, notice.count)
    case 'unknown-command':
      return texts.unknownCommand
    case 'profile-link-declined':
      return texts.profileLink.declined
    case 'profile-link-not-yours':
      return texts.profileLink.notYours
    case 'profile-link-expired':
      return texts.profileLink.expired
  }
}

/**
 * The `callback_data` of the Yes / No buttons under a profile-link question: `pl.y.<ref>` / `pl.n.<ref>`. Not
 * signed: the ref is 144 random bits, and only the Telegram account it was made for may answer it.
 */
export function profileLinkButtonData(confirmationRef: string, isYes: boolean): string {
  return `pl.${isYes ? 'y' : 'n'}.${confirmationRef}`
}

/** The answer a profile-link button carries; null for other data. */
export function profileLinkButton(data: string): { confirmationRef: string; isYes: boolean } | null {
  const match = /^pl\.([yn])\.([A-Za-z0-9_-]{24})$/.exec(data)
  return match ? { confirmationRef: match[2]!, isYes: match[1] === 'y' } : null
}

/** The question to the Telegram account a portal profile names, with its Yes / No buttons. */
export function profileLinkQuestion(account: LinkedAccount, confirmationRef: string, language: BotLanguage) {
  const texts = textsOf(language)
  const row = [
    { text: texts.profileLink.yes, callback_data: profileLinkButtonData(confirmationRef, true) },
    { text: texts.profileLink.no, callback_data: profileLinkButtonData(confirmationRef, false) },
  ]
  return { text: texts.profileLink.ask(account), replyMarkup: { inline_keyboard: [row] } } satisfies OutgoingMessage
}

/**
 * The inline keyboard of a card: the allowed answers two per row; none once the approver cannot act. A card whose
 * approval takes no send-back never shows Send back, whatever the actions say. When the card had to cut the
 * description (`isCut`) and the approver may act, a last row offers "Read in full".
 */
export function cardKeyboard(view: ApproverCardView, texts: BotTexts, signer: CallbackSigner, isCut = false) {
  const actions = view.actions.filter((action) => action !== 'send-back' || view.card.isSendBackAllowed)
  const button = (action: ButtonAction, text: string): InlineKeyboardButton => ({
    text,
    callback_data: signer.encode({
      ...{ action, memberId: view.card.memberId, approvalId: view.card.approvalId },
      ...{ round: view.card.round, userId: view.userId },
    }),
  })
  const buttons = actions.map((action) => button(action, texts.buttons[action]))
  const rows: InlineKeyboardButton[][] = []
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2))
  if (isCut && actions.length > 0) rows.push([button('read-full', texts.card.readInFull)])
  return { inline_keyboard: rows }
}

/** Renders a card view for one approver. */
export function cardMessage(view: ApproverCardView, language: BotLanguage, signer: CallbackSigner): OutgoingMessage {
  const texts = textsOf(language)
  const style = {
    ...{ language, texts },
    ...(view.timeZone ? { timeZone: view.timeZone } : {}),
    ...(view.progress ? { progress: view.progress } : {}),
  }
  const { text, isCut } = renderCard(view.card, style)
  return { text, replyMarkup: cardKeyboard(view, texts, signer, isCut) }
}

/** Renders one reply as the messages it takes: several only for a long `full-text`. */
export function replyMessages(reply: BotReply, language: BotLanguage, signer: CallbackSigner): OutgoingMessage[] {
  if (reply.type !== 'full-text') return [replyMessage(reply, language, signer)]
  const texts = textsOf(language)
  return fullTextMessages(reply.title, reply.description, texts).map((text) => ({ text, replyMarkup: undefined }))
}

/** Renders an "approve all N" offer in its state, with the buttons that state has. */
export function bulkMessage(offer: BulkOffer, language: BotLanguage, signer: CallbackSigner): OutgoingMessage {
  const { bulk } = textsOf(language)
  const button = (text: string, step: BulkPress['step']) => ({
    text,
    callback_data: signer.encodeBulk({ offerId: offer.offerId, step }),
  })
  switch (offer.state) {
    case 'offered':
      return {
        text: bulk.offer(offer.count),
        replyMarkup: { inline_keyboard: [[button(bulk.approveAll(offer.count), 'ask')]] },
      }
    case 'confirming': {
      const row = [button(bulk.yes(offer.count), 'yes'), button(bulk.cancel, 'no')]
      return { text: bulk.confirm(offer.count), replyMarkup: { inline_keyboard: [row] } }
    }
    case 'done': {
      const skipped = Object.values(offer.refused ?? {}).reduce((sum, n) => sum + (n ?? 0), 0)
      return { text: bulk.done(offer.decided ?? 0, skipped), replyMarkup: { inline_keyboard: [] } }
    }
    case 'cancelled':
      return { text: bulk.cancelled, replyMarkup: { inline_keyboard: [] } }
  }
}

/** Renders one reply; a `full-text` becomes its first message only (see {@link replyMessages}). */
export function replyMessage(reply: BotReply, language: BotLanguage, signer: CallbackSigner): OutgoingMessage {
  if (reply.type === 'card') return cardMessage(reply.view, language, signer)
  if (reply.type === 'bulk') return bulkMessage(reply.offer, language, signer)
  if (reply.type === 'full-text') return replyMessages(reply, language, signer)[0]!
  const texts = textsOf(language)
  const text = noticeText(reply.notice, texts)
  if (reply.forceReply) {
    return { text, replyMarkup: { force_reply: true, input_field_placeholder: texts.commentPlaceholder } }
  }
  if (reply.notice.kind === 'choose-language') {
    const row = [
      { text: 'Русский', callback_data: languageButtonData.ru },
      { text: 'English', callback_data: languageButtonData.en },
    ]
    return { text, replyMarkup: { inline_keyboard: [row] } }
  }
  return { text, replyMarkup: undefined }
}
