import { describe, expect, it } from 'vitest'
import { parseHtmlEntities } from '../html-entities.ts'
import { renderMessageHtml } from './message-html.ts'

const roundTrip = (markup: string) => {
  const { text, entities } = parseHtmlEntities(markup)
  return renderMessageHtml(text, entities)
}

describe('renderMessageHtml', () => {
  it('escapes the text and nests entities', () => {
    expect(roundTrip('<b>Счёт &lt;№1&gt; <i>срочно</i></b> &amp; всё')).toBe(
      '<b>Счёт &lt;№1&gt; <i>срочно</i></b> &amp; всё',
    )
  })

  it('renders links only for http(s) and tg addresses, and pre with its language', () => {
    expect(roundTrip('<a href="https://example.com/?a=1&amp;b=2">x</a>')).toBe(
      '<a href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">x</a>',
    )
    expect(renderMessageHtml('x', [{ type: 'text_link', offset: 0, length: 1, url: 'javascript:alert(1)' }])).toBe('x')
    expect(roundTrip('<pre><code class="language-ts">a<b</code></pre>'.replace('a<b', 'a&lt;b'))).toBe(
      '<pre data-language="ts"><code>a&lt;b</code></pre>',
    )
  })

  it('never lets user text become markup', () => {
    expect(renderMessageHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;')
  })
})
