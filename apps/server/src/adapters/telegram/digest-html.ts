/**
 * @module The Telegram text of a user's daily digest, in their language: the approvals waiting for their
 * answer and those returned to them for revision, each a link into the portal. Titles are escaped.
 */
import type { Digest, DigestEntry } from '../../ports/messenger.ts'
import type { BotLanguage } from '../../ports/telegram-bot.ts'
import { bold, link } from './html.ts'

const texts = {
  en: {
    heading: 'Your approvals today',
    waiting: (n: number) => `Waiting for your answer: ${n}`,
    returned: (n: number) => `Returned to you for revision: ${n}`,
    more: (n: number) => `…and ${n} more in the app`,
  },
  ru: {
    heading: 'Ваши согласования на сегодня',
    waiting: (n: number) => `Ждут вашего ответа: ${n}`,
    returned: (n: number) => `Возвращены вам на доработку: ${n}`,
    more: (n: number) => `…и ещё ${n} в приложении`,
  },
} as const

/** A title cut to 200 characters (link() escapes it). */
function shortTitle(title: string): string {
  const chars = Array.from(title)
  return chars.length <= 200 ? title : `${chars.slice(0, 199).join('')}…`
}

function section(heading: string, entries: DigestEntry[], count: number, more: (n: number) => string): string[] {
  if (count === 0) return []
  const lines = entries.map((entry) => `• ${link(entry.url, shortTitle(entry.title))}`)
  return ['', bold(heading), ...lines, ...(count > entries.length ? [more(count - entries.length)] : [])]
}

/** The digest's HTML text. */
export function digestHtml(digest: Digest, language: BotLanguage): string {
  const t = texts[language === 'ru' ? 'ru' : 'en']
  return [
    bold(t.heading),
    ...section(t.waiting(digest.waitingCount), digest.waiting, digest.waitingCount, t.more),
    ...section(t.returned(digest.returnedCount), digest.returned, digest.returnedCount, t.more),
  ].join('\n')
}
