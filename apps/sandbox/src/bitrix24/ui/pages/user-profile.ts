/**
 * @module An employee's page (`/company/personal/user/<id>/`) as a portal administrator sees it: the profile,
 * a form for its fields (name, e-mail, position and every `UF_USR_*` user field, such as one an app created with
 * `user.userfield.add`), and "Уволить" / "Восстановить". Each change goes through `user.update` as the current
 * user, so `user.get` reads the new values and the portal sends `ONUSERUPDATE` (to outgoing webhooks that tick
 * it; applications cannot bind it).
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import { HTTPException } from 'hono/http-exception'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { UserRecord } from '../../state.ts'
import { currentUser, userName } from '../current-user.ts'
import { readForm } from '../form.ts'
import { renderShell, type Html } from '../shell.ts'
import { departmentNames } from './users.ts'

/** The profile fields the form edits, with their labels. */
const PROFILE_FIELDS = [
  ['NAME', 'Имя'],
  ['LAST_NAME', 'Фамилия'],
  ['EMAIL', 'E-mail'],
  ['WORK_POSITION', 'Должность'],
] as const

const fieldText = (value: unknown) =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)

function editForm(sandbox: Bitrix24Sandbox, user: UserRecord): Html {
  const userFields = sandbox.portal.state.userFields
  return html`<form class="card" method="post" action="/company/personal/user/${user.ID}/edit/">
    <h2>Редактировать профиль</h2>
    <div class="form-row">
      ${PROFILE_FIELDS.map(
        ([name, label]) => html`<label>${label} <input name="${name}" value="${user[name]}" /></label>`,
      )}
    </div>
    <div class="form-row">
      ${userFields.map(
        (field) =>
          html`<label
            >${field.LABEL || field.FIELD_NAME} <span class="mono">${field.FIELD_NAME}</span>
            <input name="${field.FIELD_NAME}" value="${fieldText(user.UF[field.FIELD_NAME])}"
          /></label>`,
      )}
    </div>
    <button class="btn btn--primary" type="submit">Сохранить</button>
  </form>`
}

function activityForm(user: UserRecord, viewer: UserRecord): Html {
  if (user.ID === viewer.ID) return html``
  const [label, value, style] = user.ACTIVE ? ['Уволить', 'N', 'btn--danger'] : ['Восстановить', 'Y', 'btn--primary']
  return html`<form class="card form-row" method="post" action="/company/personal/user/${user.ID}/active/">
    <input type="hidden" name="ACTIVE" value="${value}" />
    <span>${user.ACTIVE ? 'Работает' : html`<span class="badge badge--fail">уволен</span>`}</span>
    <button class="btn ${style}" type="submit">${label}</button>
  </form>`
}

function profilePage(c: Context, sandbox: Bitrix24Sandbox, user: UserRecord): Html {
  const viewer = currentUser(c, sandbox.portal)
  const row = (label: string, value: string | Html) =>
    html`<tr>
      <td class="muted">${label}</td>
      <td>${value}</td>
    </tr>`
  const body = html`<div class="card">
      <table class="grid">
        ${row('Должность', user.WORK_POSITION)} ${row('Подразделение', departmentNames(sandbox, user))}
        ${row('E-mail', user.EMAIL)} ${row('Язык', user.LANGUAGE_ID)}
        ${row('Статус', user.ACTIVE ? 'работает' : 'уволен')}
      </table>
      <p>
        <a href="/company/personal/user/${user.ID}/tasks/">Задачи</a> ·
        <a href="/company/personal/user/${user.ID}/notifications/">Уведомления</a>
      </p>
    </div>
    ${viewer.IS_ADMIN ? html`${editForm(sandbox, user)} ${activityForm(user, viewer)}` : ''}`
  const bare = c.req.query('IFRAME') === 'Y'
  return renderShell(sandbox.portal, viewer, { title: userName(user), active: '/company/', body, bare })
}

/** The edited values as `user.update` fields: the profile fields and the portal's user fields, blanks included. */
function editedFields(sandbox: Bitrix24Sandbox, form: Record<string, string>): Record<string, string> {
  const names = [...PROFILE_FIELDS.map(([name]) => name), ...sandbox.portal.state.userFields.map((f) => f.FIELD_NAME)]
  return Object.fromEntries(names.filter((name) => name in form).map((name) => [name, form[name]!.trim()]))
}

/** `GET /company/personal/user/<id>/`, and its `edit/` and `active/` actions (`user.update` as the viewer). */
export function userProfileRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  const userOf = (c: Context) => {
    const user = sandbox.portal.state.users.find((candidate) => candidate.ID === Number(c.req.param('uid')))
    if (!user) throw new HTTPException(404, { message: 'Сотрудник не найден.' })
    return user
  }
  app.get('/company/personal/user/:uid/', (c) => c.html(profilePage(c, sandbox, userOf(c))))
  app.post('/company/personal/user/:uid/edit/', async (c) => {
    const user = userOf(c)
    const fields = editedFields(sandbox, await readForm(c))
    await sandbox.callAsUser(currentUser(c, sandbox.portal).ID, 'user.update', { ID: user.ID, ...fields })
    return c.redirect(`/company/personal/user/${user.ID}/`, 303)
  })
  app.post('/company/personal/user/:uid/active/', async (c) => {
    const user = userOf(c)
    const viewer = currentUser(c, sandbox.portal)
    const active = (await readForm(c)).ACTIVE
    if (active !== 'Y' && active !== 'N') throw new HTTPException(400, { message: 'ACTIVE должно быть Y или N.' })
    if (user.ID === viewer.ID) throw new HTTPException(400, { message: 'Нельзя уволить самого себя.' })
    await sandbox.callAsUser(viewer.ID, 'user.update', { ID: user.ID, ACTIVE: active })
    return c.redirect(`/company/personal/user/${user.ID}/`, 303)
  })
  return app
}
