/**
 * @module A user's notifications (`/company/personal/user/<id>/notifications/`): what `im.notify.system.add` and
 * `im.notify.personal.add` sent them, newest first, with their `[URL]` BB-code as links (`../bbcode.ts`).
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import { renderBbCode } from '../bbcode.ts'
import { currentUser } from '../current-user.ts'
import { shortDate, userLabel } from '../format.ts'
import { renderShell, type Html } from '../shell.ts'
import { emptyRow, userOptions } from './widgets.ts'

function notificationsPage(c: Context, sandbox: Bitrix24Sandbox, ownerId: number): Html {
  const portal = sandbox.portal
  const viewer = currentUser(c, portal)
  const rows = portal.state.notifications
    .filter((n) => n.USER_ID === ownerId)
    .reverse()
    .map(
      (n) =>
        html`<tr>
          <td class="muted">${shortDate(n.DATE_CREATE)}</td>
          <td>${n.TYPE === 'system' ? 'Системное' : userLabel(portal, n.FROM_USER_ID)}</td>
          <td style="white-space: pre-wrap">${renderBbCode(n.MESSAGE)}</td>
          <td class="mono">${n.TAG ?? ''}</td>
          <td class="mono">${n.ATTACH ? JSON.stringify(n.ATTACH) : ''}</td>
        </tr>`,
    )
  const body = html`<form class="form-row" method="get" action="/ui/notifications">
      <label
        >Получатель
        <select name="user" onchange="this.form.submit()">
          ${userOptions(portal, ownerId)}
        </select></label
      >
    </form>
    <div class="card">
      <table class="grid">
        <tr>
          <th>Когда</th>
          <th>От кого</th>
          <th>Сообщение</th>
          <th>TAG</th>
          <th>ATTACH</th>
        </tr>
        ${rows.length > 0 ? rows : emptyRow(5, 'Уведомлений нет')}
      </table>
    </div>`
  const title = `Уведомления: ${userLabel(portal, ownerId)}`
  return renderShell(portal, viewer, { title, active: `/company/personal/user/${viewer.ID}/notifications/`, body })
}

/** `GET /company/personal/user/<id>/notifications/` and the recipient switch `GET /ui/notifications?user=`. */
export function notificationRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  app.get('/company/personal/user/:uid/notifications/', (c) =>
    c.html(notificationsPage(c, sandbox, Number(c.req.param('uid')))),
  )
  app.get('/ui/notifications', (c) =>
    c.redirect(`/company/personal/user/${Number(c.req.query('user')) || 1}/notifications/`, 303),
  )
  return app
}
