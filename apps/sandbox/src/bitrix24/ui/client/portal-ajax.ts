/**
 * @module The parent page's calls to its own portal (the `BX.ajax` requests of `applayout.js`: `access_refresh`,
 * `set_installed`, `set_option`, …), and the toast that reports a failed one.
 */

/** Shows a short message in the portal's corner; used for failures and for emulated-only commands. */
export function showToast(text: string, kind: 'info' | 'error' = 'info'): void {
  const toast = document.createElement('div')
  toast.className = `portal-toast portal-toast--${kind}`
  toast.textContent = text
  document.body.append(toast)
  setTimeout(() => toast.remove(), kind === 'error' ? 8000 : 4000)
}

/**
 * POSTs JSON to a portal endpoint and returns the parsed answer.
 *
 * @throws Error with the portal's message when the answer is not 2xx; the toast has already shown it.
 */
export async function postPortal<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
    credentials: 'same-origin',
  })
  const text = await response.text()
  if (!response.ok) {
    const message = `Портал ответил ${response.status}: ${text.slice(0, 200)}`
    showToast(message, 'error')
    throw new Error(message)
  }
  return (text === '' ? undefined : JSON.parse(text)) as T
}

/** GETs JSON from a portal endpoint. @throws Error as {@link postPortal}. */
export async function getPortal<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin' })
  if (!response.ok) {
    const message = `Портал ответил ${response.status}`
    showToast(message, 'error')
    throw new Error(message)
  }
  return (await response.json()) as T
}
