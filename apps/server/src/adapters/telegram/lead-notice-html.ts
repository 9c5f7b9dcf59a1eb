/**
 * @module The Telegram notice of a new lead from a website (issue 20), in the recipient's language: the site,
 * the title, the sender's name and contacts, the message, the files' names and a link that opens the lead in
 * Bitrix24. Every user-supplied string is escaped.
 */
import type { LeadNotice } from '../../ports/messenger.ts'
import type { BotLanguage } from '../../ports/telegram-bot.ts'
import { bold, escapeHtml, escapeWithin, link } from './html.ts'

const texts = {
  en: {
    heading: 'New lead from the website',
    repeat: 'Repeat request from a known customer',
    phone: 'Phone',
    email: 'E-mail',
    files: 'Files',
    open: 'Open the lead in Bitrix24',
  },
  ru: {
    heading: 'Новая заявка с сайта',
    repeat: 'Повторная заявка от известного клиента',
    phone: 'Телефон',
    email: 'E-mail',
    files: 'Файлы',
    open: 'Открыть лид в Битрикс24',
  },
} as const

/** The notice's HTML text (within Telegram's message limit). */
export function leadNoticeHtml(notice: LeadNotice, language: BotLanguage): string {
  const t = texts[language === 'ru' ? 'ru' : 'en']
  const lines = [
    `${bold(notice.isRepeat ? t.repeat : t.heading)} · ${escapeHtml(notice.siteName)}`,
    bold(notice.title),
    escapeHtml(notice.name),
    ...(notice.phone ? [`${t.phone}: ${escapeHtml(notice.phone)}`] : []),
    ...(notice.email ? [`${t.email}: ${escapeHtml(notice.email)}`] : []),
    ...(notice.message ? ['', escapeWithin(notice.message, 1500)] : []),
    ...(notice.fileNames.length > 0 ? ['', `${t.files}: ${notice.fileNames.map(escapeHtml).join(', ')}`] : []),
    '',
    link(notice.leadUrl, t.open),
  ]
  return lines.join('\n')
}
