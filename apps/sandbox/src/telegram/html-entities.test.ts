import { describe, expect, it } from 'vitest'
import { HtmlEntitiesError, parseHtmlEntities } from './html-entities.ts'

// Cases follow TDLib's test/message_entities.cpp (check_parse_html), the parser the Bot API server runs.
const refused: Array<[string, string]> = [
  ['🏟 🏟&lt;<abacaba', 'Unclosed start tag at byte offset 13'],
  ['🏟 🏟&lt;<abac aba>', 'Unsupported start tag "abac" at byte offset 13'],
  ['<div>x</div>', 'Unsupported start tag "div" at byte offset 0'],
  ['🏟 🏟&lt;<i   =aba>', 'Empty attribute name in the tag "i" at byte offset 13'],
  ['🏟 🏟&lt;<i    aba>', 'Can\'t find end tag corresponding to start tag "i"'],
  ['🏟 🏟&lt;<i    aba  =  ', 'Unclosed start tag "i" at byte offset 13'],
  ['🏟 🏟&lt;<i    aba  =  190azAz-.,', 'Unexpected end of name token at byte offset 27'],
  ['🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', 'Unclosed start tag at byte offset 13'],
  ['🏟 🏟&lt;</', 'Unexpected end tag at byte offset 13'],
  ['🏟 🏟&lt;<b></b></', 'Unexpected end tag at byte offset 20'],
  ['🏟 🏟&lt;<i>a</i   ', 'Unclosed end tag at byte offset 17'],
  ['🏟 🏟&lt;<i>a</em   >', 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
  ['<b>bold <i>both</b></i>', 'Unmatched end tag at byte offset 15, expected "</i>", found "</b>"'],
  ['<b>unbalanced', 'Can\'t find end tag corresponding to start tag "b"'],
  ['<span class="x">a</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
  ['<tg-emoji emoji-id="x">a</tg-emoji>', 'Invalid custom emoji identifier specified'],
  [
    '&#xDFDF;',
    'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
  ],
]

describe('parseHtmlEntities', () => {
  it.each(refused)('refuses %j with Telegram’s description', (markup, message) => {
    expect(() => parseHtmlEntities(markup)).toThrow(new HtmlEntitiesError(message))
  })

  it('decodes only the four named references and numeric ones, keeping others literal', () => {
    expect(parseHtmlEntities('&ge;&lt;&gt;&amp;&quot;&laquo;&#12345678;&#65;&#x42;&lt')).toEqual({
      text: '&ge;<>&"&laquo;&#12345678;AB<',
      entities: [],
    })
  })

  it('counts offsets in UTF-16 code units', () => {
    expect(parseHtmlEntities('🏟 🏟<i>🏟 &lt🏟</i>')).toEqual({
      text: '🏟 🏟🏟 <🏟',
      entities: [{ type: 'italic', offset: 5, length: 6 }],
    })
  })

  it('maps every whitelisted tag to its entity and sorts like Telegram', () => {
    const { text, entities } = parseHtmlEntities(
      '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>t</strike><del>d</del>' +
        '<tg-spoiler>p</tg-spoiler><span class="tg-spoiler">q</span><code>c</code><blockquote expandable>x</blockquote>',
    )
    expect(text).toBe('bsieunstdpqcx')
    expect(entities.map((e) => e.type)).toEqual([
      'bold',
      'bold',
      'italic',
      'italic',
      'underline',
      'underline',
      'strikethrough',
      'strikethrough',
      'strikethrough',
      'spoiler',
      'spoiler',
      'code',
      'expandable_blockquote',
    ])
    expect(parseHtmlEntities('<i><b> </b> <code> </code></i>').entities).toEqual([
      { type: 'italic', offset: 0, length: 3 },
      { type: 'bold', offset: 0, length: 1 },
      { type: 'code', offset: 2, length: 1 },
    ])
  })

  it('merges <pre><code class="language-x"> into one pre entity with a language', () => {
    expect(parseHtmlEntities('<pre><code class="language-ts">x</code></pre>').entities).toEqual([
      { type: 'pre', offset: 0, length: 1, language: 'ts' },
    ])
    expect(parseHtmlEntities('<pre><code>x</code></>').entities).toEqual([
      { type: 'pre', offset: 0, length: 1 },
      { type: 'code', offset: 0, length: 1 },
    ])
  })

  it('reads links, normalising them, and drops empty tags and invalid links', () => {
    expect(parseHtmlEntities('<a href="https://example.com/a?b=1&amp;c=2">go</a>').entities).toEqual([
      { type: 'text_link', offset: 0, length: 2, url: 'https://example.com/a?b=1&c=2' },
    ])
    expect(parseHtmlEntities('<a href=telegram.org> </a>').entities[0]?.url).toBe('http://telegram.org/')
    expect(parseHtmlEntities('<a>telegram.org </a>').entities).toEqual([])
    expect(parseHtmlEntities('x<b></b>').entities).toEqual([])
  })
})
