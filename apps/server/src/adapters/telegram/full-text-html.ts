/**
 * @module The whole description of an approval as Telegram HTML messages, sent after "Read in full" on a card
 * that had to cut it: a heading, then the escaped text in an expandable blockquote when it fits one message;
 * otherwise split into parts of at most 4096 visible characters (as Telegram counts them, after parsing).
 */
import { escapeHtml, maxMessageLength, plainText } from './html.ts'
import type { BotTexts } from './locales/bot-texts.ts'

/**
 * Splits `text` into parts of at most `limit` characters (UTF-16 units, as Telegram counts), never inside a
 * surrogate pair; a part ends at the last line break (or else space) of its window when that is past its middle.
 */
export function splitVisible(text: string, limit: number): string[] {
  const parts: string[] = []
  let rest = text
  while (rest.length > limit) {
    let end = limit
    if (/[\uD800-\uDBFF]/.test(rest[end - 1]!)) end -= 1
    const window = rest.slice(0, end)
    const lineBreak = window.lastIndexOf('\n')
    const space = window.lastIndexOf(' ')
    const at = lineBreak > end / 2 ? lineBreak : space > end / 2 ? space : -1
    const cut = at > 0 ? at + 1 : end
    parts.push(rest.slice(0, cut).trimEnd())
    rest = rest.slice(cut)
  }
  if (rest.trim() !== '') parts.push(rest)
  return parts
}

/** The messages (parse_mode HTML) that carry the whole `description`, each within {@link maxMessageLength}. */
export function fullTextMessages(title: string, description: string, texts: BotTexts): string[] {
  const heading = texts.card.fullTextHeading(title)
  const text = description.trim()
  if (plainText(heading).length + 1 + text.length <= maxMessageLength) {
    return [`${heading}\n<blockquote expandable>${escapeHtml(text)}</blockquote>`]
  }
  return [heading, ...splitVisible(text, maxMessageLength).map(escapeHtml)]
}
