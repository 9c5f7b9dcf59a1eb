/**
 * @module "Developer resources → Other → Local application" (`/devops/local-app/`): handler path, install path
 * and scopes of the app, its `client_id` / `client_secret`, what it registered (events, placements, robots), and
 * the Install / Uninstall buttons (reference §1.1, §1.5). Administrators only.
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import { HTTPException } from 'hono/http-exception'
import { reAddApplication } from '../../install.ts'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import { currentUser } from '../current-user.ts'
import { readForm } from '../form.ts'
import { renderShell, type Html } from '../shell.ts'
import { localized } from './automation.ts'

const KNOWN_SCOPES = ['crm', 'task', 'im', 'user', 'user_brief', 'user_basic', 'user.userfield', 'department']
const MORE_SCOPES = ['placement', 'bizproc', 'disk', 'entity', 'log']

function settingsForm(sandbox: Bitrix24Sandbox): Html {
  const app = sandbox.portal.state.app
  const scopes = [...new Set([...KNOWN_SCOPES, ...MORE_SCOPES, ...app.scope])]
  return html`<form class="card" method="post" action="/devops/local-app/save/">
    <h2>Настройки</h2>
    <div class="form-row">
      <label>Путь вашего обработчика <input name="handlerUrl" value="${app.handlerUrl}" size="50" required /></label>
      <label>Путь для первоначальной установки <input name="installUrl" value="${app.installUrl}" size="50" /></label>
    </div>
    <div class="form-row">
      ${scopes.map(
        (scope) =>
          html`<label class="check"
            ><input
              type="checkbox"
              name="scope_${scope}"
              ${app.scope.includes(scope) ? 'checked' : ''}
            />${scope}</label
          >`,
      )}
    </div>
    <button class="btn btn--primary" type="submit">Сохранить</button>
  </form>`
}

function credentials(sandbox: Bitrix24Sandbox): Html {
  const app = sandbox.portal.state.app
  const state = !app.active ? 'удалено' : app.installed ? 'установлено' : 'ожидает installFinish'
  return html`<div class="card">
    <h2>Ключи <span class="badge ${app.installed ? 'badge--ok' : 'badge--info'}">${state}</span></h2>
    <table class="grid">
      <tr>
        <td class="muted">Код приложения (client_id)</td>
        <td class="mono">${app.clientId}</td>
      </tr>
      <tr>
        <td class="muted">Ключ приложения (client_secret)</td>
        <td class="mono">${app.clientSecret}</td>
      </tr>
      <tr>
        <td class="muted">application_token</td>
        <td class="mono">${app.applicationToken}</td>
      </tr>
      <tr>
        <td class="muted">member_id</td>
        <td class="mono">${sandbox.memberId}</td>
      </tr>
      <tr>
        <td class="muted">OAuth-сервер</td>
        <td class="mono">${sandbox.oauthServerUrl}</td>
      </tr>
    </table>
  </div>`
}

function lifecycle(sandbox: Bitrix24Sandbox): Html {
  const app = sandbox.portal.state.app
  return html`<div class="card">
    <h2>Установка</h2>
    <form class="form-row" method="post" action="/devops/local-app/install/">
      <label class="check"
        ><input type="checkbox" name="apiOnly" /> Использует только API (ONAPPINSTALL на путь установки)</label
      >
      <button class="btn btn--primary" type="submit">${app.installed ? 'Открыть приложение' : 'Установить'}</button>
    </form>
    <form class="form-row" method="post" action="/devops/local-app/uninstall/">
      <label class="check"><input type="checkbox" name="clean" checked /> Удалить данные (CLEAN)</label>
      <button class="btn btn--danger" type="submit" ${app.active ? '' : 'disabled'}>Удалить приложение</button>
    </form>
  </div>`
}

function registrations(sandbox: Bitrix24Sandbox): Html {
  const state = sandbox.portal.state
  const line = (text: string, handler: string) =>
    html`<tr>
      <td>${text}</td>
      <td class="mono">${handler}</td>
    </tr>`
  return html`<div class="card">
    <h2>Зарегистрировано приложением</h2>
    <table class="grid">
      <tr>
        <th>Что</th>
        <th>Обработчик</th>
      </tr>
      ${state.eventBindings.map((b) => line(`Событие ${b.event}${b.offline ? ' (offline)' : ''}`, b.handler))}
      ${state.placements.map((p) => line(`Встройка ${p.placement}: ${p.title}`, p.handler))}
      ${state.robots.map((r) => line(`Робот ${localized(r.NAME)} (${r.CODE})`, r.HANDLER))}
    </table>
  </div>`
}

function requireAdmin(c: Context, sandbox: Bitrix24Sandbox): void {
  if (!currentUser(c, sandbox.portal).IS_ADMIN) {
    throw new HTTPException(403, { message: 'Настройки приложения доступны только администратору портала.' })
  }
}

/** The local application page and its save / install / uninstall actions. */
export function localAppRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  const portal = sandbox.portal
  app.use('/devops/local-app/*', async (c, next) => {
    requireAdmin(c, sandbox)
    await next()
  })
  app.get('/devops/local-app/', (c) => {
    const body = html`${credentials(sandbox)} ${lifecycle(sandbox)} ${settingsForm(sandbox)} ${registrations(sandbox)}`
    const title = 'Локальное приложение'
    return c.html(renderShell(portal, currentUser(c, portal), { title, active: '/devops/local-app/', body }))
  })
  app.post('/devops/local-app/save/', async (c) => {
    const form = await readForm(c)
    Object.assign(portal.state.app, {
      handlerUrl: form.handlerUrl?.trim() || portal.state.app.handlerUrl,
      installUrl: form.installUrl?.trim() ?? '',
      scope: Object.keys(form)
        .filter((key) => key.startsWith('scope_'))
        .map((key) => key.slice('scope_'.length)),
    })
    portal.persist()
    return c.redirect('/devops/local-app/', 303)
  })
  app.post('/devops/local-app/install/', async (c) => {
    const form = await readForm(c)
    const user = currentUser(c, portal)
    if (form.apiOnly === 'on') {
      await sandbox.install({ userId: user.ID, apiOnly: true })
      return c.redirect('/devops/local-app/', 303)
    }
    reAddApplication(portal)
    return c.redirect(`/marketplace/app/${portal.state.app.clientId}/`, 303)
  })
  app.post('/devops/local-app/uninstall/', async (c) => {
    sandbox.uninstall({ clean: (await readForm(c)).clean === 'on' })
    return c.redirect('/devops/local-app/', 303)
  })
  return app
}
