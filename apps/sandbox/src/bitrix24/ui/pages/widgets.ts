/**
 * @module Small pieces of markup several portal pages share: the user `<option>` list, error notices and a
 * timeline comment of a CRM card.
 */
import { html } from 'hono/html'
import type { Portal } from '../../portal.ts'
import type { TimelineCommentRecord } from '../../state.ts'
import { renderBbCode } from '../bbcode.ts'
import { shortDate, userLabel } from '../format.ts'
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

/** A CRM card's timeline comment: author, time, text and the names of its files. */
export function timelineComment(portal: Portal, entry: TimelineCommentRecord): Html {
  return html`<p>
    <b>${userLabel(portal, entry.AUTHOR_ID)}</b> <span class="muted">${shortDate(entry.CREATED)}</span><br />
    ${renderBbCode(String(entry.COMMENT))}
    ${entry.FILES.length > 0 ? html`<br /><span class="badge">📎 ${entry.FILES.join(', ')}</span>` : ''}
  </p>`
}
