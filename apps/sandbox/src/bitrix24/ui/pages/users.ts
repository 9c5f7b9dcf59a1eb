/**
 * @module Employees (`/company/`): users by department with heads, administrators and custom fields, and a link
 * that opens the portal as that user. A user's page (`/company/personal/user/<id>/`) shows one of them.
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { UserRecord } from '../../state.ts'
import { currentUser, userName } from '../current-user.ts'
import { renderShell, type Html } from '../shell.ts'

function departmentNames(sandbox: Bitrix24Sandbox, user: UserRecord): string {
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

function usersPage(c: Context, sandbox: Bitrix24Sandbox): Html {
  const viewer = currentUser(c, sandbox.portal)
  const body = html`<div class="card">
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

function profilePage(c: Context, sandbox: Bitrix24Sandbox, user: UserRecord): Html {
  const viewer = currentUser(c, sandbox.portal)
  const body = html`<div class="card">
    <table class="grid">
      <tr>
        <td class="muted">Должность</td>
        <td>${user.WORK_POSITION}</td>
      </tr>
      <tr>
        <td class="muted">Подразделение</td>
        <td>${departmentNames(sandbox, user)}</td>
      </tr>
      <tr>
        <td class="muted">E-mail</td>
        <td>${user.EMAIL}</td>
      </tr>
      <tr>
        <td class="muted">Язык</td>
        <td>${user.LANGUAGE_ID}</td>
      </tr>
      <tr>
        <td class="muted">Поля</td>
        <td>${customFields(user)}</td>
      </tr>
    </table>
    <p>
      <a href="/company/personal/user/${user.ID}/tasks/">Задачи</a> ·
      <a href="/company/personal/user/${user.ID}/notifications/">Уведомления</a>
    </p>
  </div>`
  const bare = c.req.query('IFRAME') === 'Y'
  return renderShell(sandbox.portal, viewer, { title: userName(user), active: '/company/', body, bare })
}

/** `GET /company/` and `GET /company/personal/user/<id>/`. */
export function userRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  app.get('/company/', (c) => c.html(usersPage(c, sandbox)))
  app.get('/company/personal/user/:uid/', (c) => {
    const user = sandbox.portal.state.users.find((candidate) => candidate.ID === Number(c.req.param('uid')))
    return user ? c.html(profilePage(c, sandbox, user)) : c.notFound()
  })
  return app
}
