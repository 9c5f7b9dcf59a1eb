/**
 * @module Telegram's `parse_mode: "HTML"` parser: turns markup into plain text plus entities, and refuses what
 * Telegram refuses with Telegram's own words ("Unsupported start tag \"div\" at byte offset 0", …). The rules
 * follow TDLib's `parse_html` (which the Bot API server runs): a tag whitelist, only `&lt; &gt; &amp; &quot;` and
 * numeric character references are decoded (anything else stays literal), `</>` closes the innermost tag, and
 * error positions are UTF-8 byte offsets into the markup.
 * @see https://core.telegram.org/bots/api#html-style
 */
import type { TgMessageEntity } from './wire-types.ts'

/** Markup Telegram cannot parse; `message` is the part after "can't parse entities: ". */
export class HtmlEntitiesError extends Error {
  override readonly name = 'HtmlEntitiesError'
}

/** Plain text and its entities (offsets in UTF-16 code units). */
export interface FormattedText {
  text: string
  entities: TgMessageEntity[]
}

const SUPPORTED_TAGS = new Set(
  'a b strong i em s strike del u ins tg-spoiler tg-emoji span pre code blockquote'.split(' '),
)
const SIMPLE_TYPES: Record<string, string> = {
  i: 'italic',
  em: 'italic',
  b: 'bold',
  strong: 'bold',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
}
/** TDLib's sort priorities for entities that start and end at the same place. */
const PRIORITY: Record<string, number> = {
  blockquote: 0,
  expandable_blockquote: 0,
  pre: 11,
  code: 20,
  text_link: 49,
  bold: 90,
  italic: 91,
  underline: 92,
  strikethrough: 93,
  spoiler: 94,
  custom_emoji: 99,
}

interface OpenTag {
  tag: string
  argument: string
  isExpandable: boolean
  offset: number
}

const isSpace = (ch: string | undefined): boolean =>
  ch === undefined || ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\v' || ch === '\0'
const isNameTokenChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9.-]/.test(ch)
const byteOffset = (markup: string, index: number): number => Buffer.byteLength(markup.slice(0, index), 'utf8')

/**
 * Decodes the character reference starting at `pos` (which holds `&`), or returns null when Telegram keeps the
 * ampersand literally (unknown names such as `&nbsp;`, zero, too long).
 */
function decodeCharacterReference(s: string, pos: number): { code: number; next: number } | null {
  let end = pos + 1
  let code = 0
  if (s[end] === '#') {
    end++
    const isHex = s[end] === 'x'
    if (isHex) end++
    const digit = isHex ? /[0-9a-fA-F]/ : /[0-9]/
    while (s[end] !== undefined && digit.test(s[end]!)) code = code * (isHex ? 16 : 10) + parseInt(s[end++]!, 16)
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null
  } else {
    while (s[end] !== undefined && /[A-Za-z]/.test(s[end]!)) end++
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 }
    const found = named[s.slice(pos + 1, end)]
    if (found === undefined) return null
    code = found
  }
  return { code, next: s[end] === ';' ? end + 1 : end }
}

/** Reads an attribute value at `i` (a name token or a quoted string); returns it and the index after it. */
function readAttributeValue(s: string, i: number): { value: string; next: number } {
  if (s[i] !== '"' && s[i] !== "'") {
    const tokenBegin = i
    while (isNameTokenChar(s[i])) i++
    if (!isSpace(s[i]) && s[i] !== '>') {
      throw new HtmlEntitiesError(`Unexpected end of name token at byte offset ${byteOffset(s, tokenBegin)}`)
    }
    return { value: s.slice(tokenBegin, i).toLowerCase(), next: i }
  }
  const quote = s[i++]
  let value = ''
  while (i < s.length && s[i] !== quote) {
    const ref = s[i] === '&' ? decodeCharacterReference(s, i) : null
    value += ref ? String.fromCodePoint(ref.code) : s[i]
    i = ref ? ref.next : i + 1
  }
  return { value, next: s[i] === quote ? i + 1 : i }
}

/** Reads the attributes of a start tag from `i` (just after the tag name) to its `>`; returns the `>` index. */
function readAttributes(s: string, i: number, tag: string, begin: number, open: OpenTag): number {
  const fail = (message: string): never => {
    throw new HtmlEntitiesError(message)
  }
  while (s[i] !== '>') {
    while (i < s.length && isSpace(s[i])) i++
    if (s[i] === '>') break
    if (i >= s.length) fail(`Unclosed start tag at byte offset ${byteOffset(s, begin)}`)
    const nameBegin = i
    while (!isSpace(s[i]) && s[i] !== '=' && s[i] !== '>') i++
    const name = s.slice(nameBegin, i).toLowerCase()
    if (name === '') fail(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(s, begin)}`)
    while (i < s.length && isSpace(s[i])) i++
    if (s[i] !== '=') {
      if (i >= s.length) fail(`Unclosed start tag at byte offset ${byteOffset(s, begin)}`)
      applyAttribute(open, name, '')
      continue
    }
    i++
    while (i < s.length && isSpace(s[i])) i++
    if (i >= s.length) fail(`Unclosed start tag "${tag}" at byte offset ${byteOffset(s, begin)}`)
    const { value, next } = readAttributeValue(s, i)
    i = next
    if (i >= s.length) fail(`Unclosed start tag at byte offset ${byteOffset(s, begin)}`)
    applyAttribute(open, name, value)
  }
  return i
}

function applyAttribute(open: OpenTag, name: string, value: string): void {
  if (open.tag === 'a' && name === 'href') open.argument = value
  else if (open.tag === 'code' && name === 'class' && value.startsWith('language-')) open.argument = value.slice(9)
  else if (open.tag === 'span' && name === 'class' && value.startsWith('tg-')) open.argument = value.slice(3)
  else if (open.tag === 'tg-emoji' && name === 'emoji-id') open.argument = value
  else if (open.tag === 'blockquote' && name === 'expandable') open.isExpandable = true
}

/**
 * Normalises a link the way Telegram does (`telegram.org` → `http://telegram.org/`), or null when it is not one.
 * Unlike Telegram, hosts such as `localhost` are kept: the sandbox's app runs on this machine.
 */
function checkedLink(raw: string): string | null {
  if (raw === '' || /\s/.test(raw)) return null
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`
  if (!URL.canParse(candidate)) return null
  const url = new URL(candidate)
  return ['http:', 'https:', 'tg:', 'ton:'].includes(url.protocol) ? url.href : null
}

/** Turns a closed tag into an entity (or merges `<pre><code class="language-x">` into one `pre`). */
function closeEntity(open: OpenTag, text: string, entities: TgMessageEntity[]): void {
  const offset = open.offset
  const length = text.length - offset
  if (length <= 0) return
  const last = entities.at(-1)
  const isSameRange = last !== undefined && last.offset === offset && last.length === length
  const simple = SIMPLE_TYPES[open.tag]
  if (simple !== undefined) entities.push({ type: simple, offset, length })
  else if (open.tag === 'a') {
    const url = checkedLink(open.argument === '' ? text.slice(offset) : open.argument)
    if (url !== null) entities.push({ type: 'text_link', offset, length, url })
  } else if (open.tag === 'tg-emoji') {
    if (!/^[1-9][0-9]*$/.test(open.argument)) throw new HtmlEntitiesError('Invalid custom emoji identifier specified')
    entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: open.argument })
  } else if (open.tag === 'blockquote') {
    entities.push({ type: open.isExpandable ? 'expandable_blockquote' : 'blockquote', offset, length })
  } else if (open.tag === 'pre') {
    if (isSameRange && last.type === 'code' && last.language !== undefined) last.type = 'pre'
    else entities.push({ type: 'pre', offset, length })
  } else if (isSameRange && last.type === 'pre' && open.argument !== '') last.language = open.argument
  else entities.push({ type: 'code', offset, length, ...(open.argument === '' ? {} : { language: open.argument }) })
}

/** Handles `</tag>` at `begin`; returns the index of its `>`. */
function readEndTag(s: string, begin: number, stack: OpenTag[], text: string, entities: TgMessageEntity[]): number {
  const open = stack.at(-1)
  if (open === undefined) throw new HtmlEntitiesError(`Unexpected end tag at byte offset ${byteOffset(s, begin)}`)
  let i = begin + 1
  while (!isSpace(s[i]) && s[i] !== '>') i++
  const name = s.slice(begin + 2, i).toLowerCase()
  while (i < s.length && isSpace(s[i])) i++
  if (s[i] !== '>') throw new HtmlEntitiesError(`Unclosed end tag at byte offset ${byteOffset(s, begin)}`)
  if (name !== '' && name !== open.tag) {
    const at = byteOffset(s, begin)
    throw new HtmlEntitiesError(`Unmatched end tag at byte offset ${at}, expected "</${open.tag}>", found "</${name}>"`)
  }
  closeEntity(open, text, entities)
  stack.pop()
  return i
}

/** Handles `<tag …>` at `begin`; returns the index of its `>`. */
function readStartTag(s: string, begin: number, stack: OpenTag[], offset: number): number {
  let i = begin + 1
  while (!isSpace(s[i]) && s[i] !== '>') i++
  if (i >= s.length) throw new HtmlEntitiesError(`Unclosed start tag at byte offset ${byteOffset(s, begin)}`)
  const tag = s.slice(begin + 1, i).toLowerCase()
  if (!SUPPORTED_TAGS.has(tag)) {
    throw new HtmlEntitiesError(`Unsupported start tag "${tag}" at byte offset ${byteOffset(s, begin)}`)
  }
  const open: OpenTag = { tag, argument: '', isExpandable: false, offset }
  i = readAttributes(s, i, tag, begin, open)
  if (tag === 'span' && open.argument !== 'spoiler') {
    throw new HtmlEntitiesError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(s, begin)}`)
  }
  stack.push(open)
  return i
}

/**
 * Parses Telegram HTML markup into text and entities.
 * @throws HtmlEntitiesError with Telegram's description of the first problem found.
 */
export function parseHtmlEntities(markup: string): FormattedText {
  let text = ''
  let hasSurrogate = false
  const entities: TgMessageEntity[] = []
  const stack: OpenTag[] = []
  for (let i = 0; i < markup.length; i++) {
    const ch = markup[i]!
    const ref = ch === '&' ? decodeCharacterReference(markup, i) : null
    if (ref !== null) {
      hasSurrogate ||= ref.code >= 0xd800 && ref.code <= 0xdfff
      text += String.fromCodePoint(ref.code)
      i = ref.next - 1
    } else if (ch !== '<') text += ch
    else if (markup[i + 1] === '/') i = readEndTag(markup, i, stack, text, entities)
    else i = readStartTag(markup, i, stack, text.length)
  }
  const unclosed = stack.at(-1)
  if (unclosed) throw new HtmlEntitiesError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`)
  if (hasSurrogate) {
    throw new HtmlEntitiesError(
      'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    )
  }
  for (const entity of entities) if (entity.type === 'code') delete entity.language
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length || PRIORITY[a.type]! - PRIORITY[b.type]!)
  return { text, entities }
}
