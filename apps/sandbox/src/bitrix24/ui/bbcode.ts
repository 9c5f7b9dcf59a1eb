/**
 * @module How the portal shows the BB-code of texts (task descriptions and comments, timeline comments,
 * notifications): `[URL=…]…[/URL]` and `[URL]…[/URL]` become links, everything else stays text, escaped. A link to
 * an app's `REST_APP_URI` (`/marketplace/view/<APP_CODE>/…`) opens in the slider, as in Bitrix24 (b24restdocs
 * `api-reference/widgets/universal/app-url.md`).
 */
import { html } from 'hono/html'
import type { Html } from './shell.ts'

const urlTag = /\[URL=([^\]]+)\]([\s\S]*?)\[\/URL\]|\[URL\]([^[]+)\[\/URL\]/gi

/** Only web links and portal paths become links; anything else (`javascript:`) stays text. */
function isSafeHref(href: string): boolean {
  return /^https?:\/\//i.test(href) || (href.startsWith('/') && !href.startsWith('//'))
}

/** Whether `href` is an app link the portal opens in its slider. */
export function isAppLink(href: string): boolean {
  try {
    return new URL(href, 'http://portal.invalid').pathname.startsWith('/marketplace/view/')
  } catch {
    return false
  }
}

function anchor(href: string, label: string): Html {
  if (!isSafeHref(href)) return html`${label}`
  return isAppLink(href)
    ? html`<a href="${href}" data-slider="Приложение">${label}</a>`
    : html`<a href="${href}">${label}</a>`
}

/** Renders a BB-code text: its `[URL]` tags as links, the rest as escaped text. */
export function renderBbCode(text: string): Html {
  const parts: (Html | string)[] = []
  let last = 0
  for (const match of text.matchAll(urlTag)) {
    parts.push(text.slice(last, match.index))
    const href = (match[1] ?? match[3] ?? '').trim()
    parts.push(anchor(href, match[2] ?? match[3] ?? ''))
    last = match.index + match[0].length
  }
  parts.push(text.slice(last))
  return html`${parts.map((part) => (typeof part === 'string' ? html`${part}` : part))}`
}
