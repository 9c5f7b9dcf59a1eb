/**
 * @module Renders a message's text and entities as safe HTML for the phone view: every character of the text is
 * escaped, only the tags below are produced, and links keep only http(s) and tg addresses.
 */
import type { TgMessageEntity } from '../wire-types.ts'

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const TAGS: Record<string, [string, string]> = {
  bold: ['<b>', '</b>'],
  italic: ['<i>', '</i>'],
  underline: ['<u>', '</u>'],
  strikethrough: ['<s>', '</s>'],
  spoiler: ['<span class="tg-spoiler">', '</span>'],
  code: ['<code>', '</code>'],
  blockquote: ['<blockquote>', '</blockquote>'],
  expandable_blockquote: ['<blockquote class="expandable">', '</blockquote>'],
  bot_command: ['<span class="tg-command">', '</span>'],
}

function tagsFor(entity: TgMessageEntity): [string, string] {
  if (entity.type === 'text_link' && entity.url && /^(https?|tg):/i.test(entity.url)) {
    return [`<a href="${escapeHtml(entity.url)}" target="_blank" rel="noopener noreferrer">`, '</a>']
  }
  if (entity.type === 'pre') {
    const language = entity.language ? ` data-language="${escapeHtml(entity.language)}"` : ''
    return [`<pre${language}><code>`, '</code></pre>']
  }
  return TAGS[entity.type] ?? ['', '']
}

const endOf = (e: TgMessageEntity) => e.offset + e.length

function renderRange(text: string, entities: TgMessageEntity[], start: number, end: number): string {
  let html = ''
  let position = start
  let index = 0
  while (index < entities.length) {
    const entity = entities[index]!
    const inner: TgMessageEntity[] = []
    index += 1
    while (index < entities.length && endOf(entities[index]!) <= endOf(entity)) inner.push(entities[index++]!)
    if (entity.offset < position) continue
    const [open, close] = tagsFor(entity)
    html += escapeHtml(text.slice(position, entity.offset))
    html += open + renderRange(text, inner, entity.offset, endOf(entity)) + close
    position = endOf(entity)
  }
  return html + escapeHtml(text.slice(position, end))
}

/** Safe HTML for `text` with its entities (nested entities nest; overlapping ones are cut). */
export function renderMessageHtml(text: string, entities: TgMessageEntity[] = []): string {
  const sorted = [...entities]
    .filter((e) => e.length > 0 && e.offset >= 0 && endOf(e) <= text.length)
    .sort((a, b) => a.offset - b.offset || b.length - a.length)
  return renderRange(text, sorted, 0, text.length)
}
