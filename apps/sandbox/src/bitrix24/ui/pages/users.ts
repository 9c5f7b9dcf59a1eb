/**
 * @module Employees (`/company/`): users by department with heads, administrators, dismissed users and custom
 * fields, a link that opens the portal as that user, and (administrators) "Пригласить сотрудника" (`user.add`,
 * which sends `ONUSERADD`). A user's page (`user-profile.ts`) shows and edits one of them.
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { UserRecord } from '../../state.ts'
import { currentUser, userName } from '../current-user.ts'
import { filledFields, readForm } from '../form.ts'
import { renderShell, type Html } from '../shell.ts'

/** The names of the user's departments, comma-separated. */
export function departmentNames(sandbox: Bitrix24Sandbox, user: UserRecord): string {
  const departments = sandbox.portal.state.departments
  return user.UF_DEPARTMENT.map((id) => departments.find((d) => d.ID === id)?.NAME ?? `#${id}`).join(', ')
}

function isHead(sandbox: Bitrix24Sandbox, user: UserRecord): boolean {
  return sandbox.portal.state.departments.some((department) => department.UF_HEAD === user.ID)
}

function customFields(user: UserRecord): Html {
  return html`${Object.entries(user.UF).map(
    ([name, value]) => html`<span class="mono">${name}=${JSON.stringify(value)}</span><br />`,
  )}`
}

function userRow(sandbox: Bitrix24Sandbox, user: UserRecord, viewer: UserRecord): Html {
  const back = encodeURIComponent('/company/')
  return html`<tr>
    <td class="muted">${user.ID}</td>
    <td><a href="/company/personal/user/${user.ID}/">${userName(user)}</a></td>
    <td>${user.WORK_POSITION}</td>
    <td>${departmentNames(sandbox, user)}</td>
    <td>
      ${user.IS_ADMIN ? html`<span class="badge badge--info">администратор</span>` : ''}
      ${isHead(sandbox, user) ? html`<span class="badge">руководитель</span>` : ''}
      ${user.ACTIVE ? '' : html`<span class="badge badge--fail">уволен</span>`}
    </td>
    <td>${customFields(user)}</td>
    <td>
      ${
        user.ID === viewer.ID || !user.ACTIVE
          ? ''
          : html`<a class="btn" href="/ui/switch-user?user=${user.ID}&back=${back}">Войти как</a>`
      }
    </td>
  </tr>`
}

function inviteForm(sandbox: Bitrix24Sandbox): Html {
  return html`<form class="card form-row" method="post" action="/company/invite/">
    <label>E-mail <input name="EMAIL" type="email" required /></label>
    <label>Имя <input name="NAME" /></label>
    <label>Фамилия <input name="LAST_NAME" /></label>
    <label>Должность <input name="WORK_POSITION" /></label>
    <label
      >Подразделение
      <select name="UF_DEPARTMENT">
        ${sandbox.portal.state.departments.map((d) => html`<option value="${d.ID}">${d.NAME}</option>`)}
      </select></label
    >
    <button class="btn btn--primary" type="submit">Пригласить сотрудника</button>
  </form>`
}

function usersPage(c: Context, sandbox: Bitrix24Sandbox): Html {
  const viewer = currentUser(c, sandbox.portal)
  const body = html`${viewer.IS_ADMIN ? inviteForm(sandbox) : ''}
    <div class="card">
      <table class="grid">
        <tr>
          <th>ID</th>
          <th>Сотрудник</th>
          <th>Должность</th>
          <th>Подразделение</th>
          <th></th>
          <th>Поля</th>
          <th></th>
        </tr>
        ${sandbox.portal.state.users.map((user) => userRow(sandbox, user, viewer))}
      </table>
    </div>`
  return renderShell(sandbox.portal, viewer, { title: 'Сотрудники', active: '/company/', body })
}

const INVITE_FIELDS = ['EMAIL', 'NAME', 'LAST_NAME', 'WORK_POSITION', 'UF_DEPARTMENT'] as const

/** `GET /company/` and `POST /company/invite/` (`user.add` as the current user). */
export function userRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  app.get('/company/', (c) => c.html(usersPage(c, sandbox)))
  app.post('/company/invite/', async (c) => {
    const fields = filledFields(await readForm(c), INVITE_FIELDS)
    const id = await sandbox.callAsUser(currentUser(c, sandbox.portal).ID, 'user.add', fields)
    return c.redirect(`/company/personal/user/${String(id)}/`, 303)
  })
  return app
}
