import { describe, expect, it } from 'vitest'
import { fullTextMessages, splitVisible } from './full-text-html.ts'
import { maxMessageLength, plainText } from './html.ts'
import { en } from './locales/en.ts'
import { ru } from './locales/ru.ts'

describe('fullTextMessages', () => {
  it('sends a description that fits as one escaped expandable blockquote under a heading', () => {
    const description = `${'Пункт & <итог>\n'.repeat(250)}Конец`.slice(0, 4_000)
    const messages = fullTextMessages('Ноутбуки <10>', description, ru)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(/^<b>📄 Полное описание «Ноутбуки &lt;10&gt;»<\/b>\n<blockquote expandable>Пункт &amp;/)
    expect(plainText(messages[0]!)).toContain(description.trim())
    expect(plainText(messages[0]!).length).toBeLessThanOrEqual(maxMessageLength)
  })

  it('splits a text longer than one message by visible characters, losing nothing', () => {
    const description = '<&> word '.repeat(1_000).trim()
    const messages = fullTextMessages('Laptops', description, en)
    expect(messages[0]).toBe('<b>📄 Full description of «Laptops»</b>')
    const parts = messages.slice(1).map(plainText)
    expect(parts.length).toBe(3)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(maxMessageLength)
    expect(parts.join(' ')).toBe(description)
    expect(messages[1]).toContain('&lt;&amp;&gt;')
  })
})

describe('splitVisible', () => {
  it('never splits a surrogate pair and prefers line breaks', () => {
    expect(splitVisible('abc😀def', 4)).toEqual(['abc', '😀de', 'f'])
    expect(splitVisible('abcd\nefg', 6)).toEqual(['abcd', 'efg'])
    expect(splitVisible('short', 10)).toEqual(['short'])
  })
})
