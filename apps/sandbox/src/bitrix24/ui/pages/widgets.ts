/**
 * @module Small pieces of markup several portal pages share: the user `<option>` list and error notices.
 */
import { html } from 'hono/html'
import type { Portal } from '../../portal.ts'
import { userName } from '../current-user.ts'
import type { Html } from '../shell.ts'

/** `<option>`s of the active users, `selected` on `selectedId`. */
export function userOptions(portal: Portal, selectedId: number): Html {
  return html`${portal.state.users
    .filter((user) => user.ACTIVE)
    .map(
      (user) => html`<option value="${user.ID}" ${user.ID === selectedId ? 'selected' : ''}>${userName(user)}</option>`,
    )}`
}

/** A "nothing here yet" row spanning a table. */
export function emptyRow(columns: number, text: string): Html {
  return html`<tr>
    <td colspan="${columns}" class="muted">${text}</td>
  </tr>`
}
