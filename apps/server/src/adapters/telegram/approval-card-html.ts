/**
 * @module The approval card as Telegram HTML: title, initiator, subject with amount and a link to
 * the portal, deadline in the portal's time zone, description, stage and progress, status. Every user string is
 * escaped. The description sits in an expandable blockquote (Telegram shows its first lines and opens the rest
 * on a tap), so the whole text is readable in Telegram; the message stays within Telegram's 4096 characters
 * (counted as Telegram counts them, after the HTML is parsed), and only a description longer than that is cut,
 * with a "read more" link to the approval in the portal (and, for an approver who may act, a "Read in full"
 * button that sends the whole description, see `full-text-html.ts`).
 */
import type { ApprovalCard, SeatProgress } from '../../ports/messenger.ts'
import type { BotLanguage } from '../../ports/telegram-bot.ts'
import { bold, escapeHtml, escapeWithin, link, maxMessageLength, plainText } from './html.ts'
import type { BotTexts } from './locales/bot-texts.ts'

/** How a card is rendered: language texts and the portal's IANA time zone (UTC when unknown). */
export interface CardStyle {
  language: BotLanguage
  texts: BotTexts
  timeZone?: string
  /** Who in the active stage answered what (shown up to {@link maxProgressNames} names). */
  progress?: SeatProgress[]
  /** HTML put above the card (e.g. "Your request is closed"), counted within the limit. */
  heading?: string
}

/** Formats an ISO instant in the portal's time zone, e.g. `25.11.2026 18:00 (Europe/Moscow)`. */
export function formatInstant(iso: string, style: Pick<CardStyle, 'language' | 'timeZone'>): string {
  const timeZone = style.timeZone ?? 'UTC'
  const text = new Intl.DateTimeFormat(style.language === 'ru' ? 'ru-RU' : 'en-GB', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso))
  return `${text} (${timeZone})`
}

function formatAmount(amount: number, currency: string | null, language: BotLanguage): string {
  const locale = language === 'ru' ? 'ru-RU' : 'en-US'
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount)
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(amount)
}

function subjectLine(card: ApprovalCard, style: CardStyle): string | null {
  const subject = card.subject
  if (!subject) return null
  const name = `${style.texts.card.subjectKind[subject.kind]} «${subject.title}»`
  const amount =
    subject.amount === null ? '' : ` — ${escapeHtml(formatAmount(subject.amount, subject.currency, style.language))}`
  return `${style.texts.card.subject}: ${subject.url ? link(subject.url, name) : escapeHtml(name)}${amount}`
}

function headerLines(card: ApprovalCard, style: CardStyle): string[] {
  const { card: t } = style.texts
  const lines = [bold(card.title), `${t.status[card.status]} · ${t.stage(card.stageNumber, card.stageCount)}`]
  if (card.round > 1) lines[1] += ` · ${t.round(card.round)}`
  lines.push(`${t.initiator}: ${escapeHtml(card.initiator.name ?? `#${card.initiator.userId}`)}`)
  const subject = subjectLine(card, style)
  if (subject) lines.push(subject)
  if (card.deadlineAt) lines.push(`${t.deadline}: ${escapeHtml(formatInstant(card.deadlineAt, style))}`)
  return lines
}

/** How many approvers the progress line names before it says "+N". */
export const maxProgressNames = 10

const responseMarks = { approve: '✅', reject: '❌', 'send-back': '↩️' } as const

function progressLine(style: CardStyle): string[] {
  const seats = style.progress ?? []
  if (seats.length === 0) return []
  const answered = seats.filter((s) => s.response !== null).length
  const shown = seats.slice(0, maxProgressNames).map((s) => {
    const name = s.behalf ? style.texts.card.onBehalfOf(s.name, s.behalf) : s.name
    return `${s.response ? responseMarks[s.response] : '⏳'} ${escapeHtml(name)}`
  })
  const more = seats.length > maxProgressNames ? ` +${seats.length - maxProgressNames}` : ''
  return [`${style.texts.card.progress(answered, seats.length)}: ${shown.join(', ')}${more}`]
}

function decisionLines(card: ApprovalCard, style: CardStyle): string[] {
  const decision = card.lastDecision
  if (!decision) return []
  const who = escapeHtml(decision.approver.name ?? `#${decision.approver.userId}`)
  const line = `${style.texts.card.lastDecision}: ${who} — ${style.texts.card.response[decision.kind]}`
  return decision.comment ? [line, `<i>${escapeWithin(decision.comment, 600)}</i>`] : [line]
}

/** How long Telegram counts a text in parse_mode HTML: its characters after the tags and entities are parsed. */
function visibleLength(html: string): number {
  return plainText(html).length
}

/** The description as an expandable blockquote (a short one as plain text). */
function quoted(description: string): string {
  const isLong = description.length > 200 || description.split('\n').length > 4
  return isLong ? `<blockquote expandable>${description}</blockquote>` : description
}

/** A rendered card: its text, and whether its description had to be cut (then the card offers "Read in full"). */
export interface RenderedCard {
  text: string
  isCut: boolean
}

/** "Open in Bitrix24", and "Open in the browser" for a phone without the portal's frame (issue 23). */
function openLinks(card: ApprovalCard, style: CardStyle): string {
  const inPortal = link(card.appUrl, style.texts.card.openInApp)
  return card.webUrl ? `${inPortal} · ${link(card.webUrl, style.texts.card.openInBrowser)}` : inPortal
}

/**
 * Renders the card (parse_mode HTML), at most {@link maxMessageLength} characters as Telegram counts them.
 * A description that does not fit is cut and followed by a "read more" link to the approval in the portal.
 */
export function renderCard(card: ApprovalCard, style: CardStyle): RenderedCard {
  const head = [...(style.heading ? [style.heading, ''] : []), ...headerLines(card, style)].join('\n')
  const tail = [...progressLine(style), ...decisionLines(card, style), openLinks(card, style)].join('\n')
  const description = card.description.trim()
  if (description === '') return { text: `${head}\n\n${tail}`, isCut: false }
  const whole = `${head}\n\n${quoted(escapeHtml(description))}\n\n${tail}`
  if (visibleLength(whole) <= maxMessageLength) return { text: whole, isCut: false }
  const readMore = `\n${link(card.appUrl, style.texts.card.readMore)}`
  const budget = maxMessageLength - visibleLength(head + tail + readMore) - 6
  // `escapeWithin` counts escaped characters, which are never fewer than the visible ones: the cut always fits.
  const cut = escapeWithin(description, Math.max(budget, 0))
  return { text: `${head}\n\n${quoted(cut)}${readMore}\n\n${tail}`, isCut: true }
}

/** The card's text alone (see {@link renderCard}). */
export function renderCardText(card: ApprovalCard, style: CardStyle): string {
  return renderCard(card, style).text
}
