/**
 * @module Telegram `parse_mode: HTML` helpers: the one escaper for user data, links, and fitting a message into
 * Telegram's 4096-character limit. Every user-supplied string goes through {@link escapeHtml}.
 * @see https://core.telegram.org/bots/api#html-style
 */

/** Telegram's limit for a message text (after entity parsing; we keep the HTML source within it, a safe bound). */
export const maxMessageLength = 4096

/**
 * Escapes text for Telegram HTML: `&` first, then `<`, `>` and `"` (so the result is also safe inside `href`).
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** `<b>` around escaped text. */
export function bold(text: string): string {
  return `<b>${escapeHtml(text)}</b>`
}

/** A link with an escaped address and label; only http(s) addresses become links, others stay plain text. */
export function link(href: string, label: string): string {
  if (!/^https?:\/\//i.test(href)) return escapeHtml(label)
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`
}

/**
 * Cuts `text` so that its escaped form is at most `budget` characters, ending with `…` when cut. Never splits
 * an escape sequence (the cut happens on the raw text).
 */
export function escapeWithin(text: string, budget: number): string {
  const escaped = escapeHtml(text)
  if (escaped.length <= budget) return escaped
  const chars = Array.from(text)
  let low = 0
  let high = chars.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (escapeHtml(chars.slice(0, mid).join('')).length + 1 <= budget) low = mid
    else high = mid - 1
  }
  return escapeHtml(chars.slice(0, low).join('').trimEnd()) + '…'
}

/** The visible text of Telegram HTML (tags dropped, the four entities decoded): for alerts and toasts. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}
