/**
 * @module Automation of a deal pipeline (`/crm/deal/automation/<category>/`): the app's robots
 * (`bizproc.robot.add`) and where a portal user placed them. A deal entering such a stage calls the robot's
 * handler (the core's `runRobotsForDeal`).
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { BizprocActivityRecord } from '../../state.ts'
import { currentUser } from '../current-user.ts'
import { readForm } from '../form.ts'
import { dealStages, stageEntity, statusName } from '../format.ts'
import { renderShell, type Html } from '../shell.ts'
import { emptyRow } from './widgets.ts'

/** A robot's `NAME` / property `Name`: a string or `{ru: …, en: …}`. */
export function localized(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'object' && value !== null) {
    const names = value as Record<string, unknown>
    return String(names.ru ?? names.en ?? Object.values(names)[0] ?? '')
  }
  return ''
}

function robotForm(sandbox: Bitrix24Sandbox, robot: BizprocActivityRecord, categoryId: number): Html {
  const properties = Object.entries(robot.PROPERTIES).map(([key, raw]) => {
    const property = (raw ?? {}) as Record<string, unknown>
    return html`<label
      >${localized(property.Name) || key}
      <input name="prop_${key}" value="${String(property.Default ?? '')}" placeholder="{=Document:TITLE}" />
    </label>`
  })
  return html`<form class="card" method="post" action="/crm/deal/automation/${categoryId}/place/">
    <h2>${localized(robot.NAME)} <span class="muted mono">${robot.CODE}</span></h2>
    <input type="hidden" name="code" value="${robot.CODE}" />
    <div class="form-row">
      <label
        >Стадия
        <select name="stageId">
          ${dealStages(sandbox.portal, categoryId).map((s) => html`<option value="${s.STATUS_ID}">${s.NAME}</option>`)}
        </select>
      </label>
      ${properties}
      <button class="btn btn--primary" type="submit">Добавить на стадию</button>
    </div>
  </form>`
}

function automationPage(c: Context, sandbox: Bitrix24Sandbox, categoryId: number): Html {
  const portal = sandbox.portal
  const triggers = portal.state.robotTriggers.filter((trigger) => trigger.categoryId === categoryId)
  const rows = triggers.map(
    (trigger) =>
      html`<tr>
        <td>${statusName(portal, stageEntity(categoryId), trigger.stageId)}</td>
        <td class="mono">${trigger.robotCode}</td>
        <td class="mono">${JSON.stringify(trigger.properties)}</td>
        <td>
          <form method="post" action="/crm/deal/automation/${categoryId}/remove/">
            <button class="btn btn--danger" name="id" value="${trigger.id}">Убрать</button>
          </form>
        </td>
      </tr>`,
  )
  const category = portal.state.categories.find((candidate) => candidate.id === categoryId)
  const body = html`<p><a href="/crm/deal/?category=${categoryId}">← к сделкам</a></p>
    <div class="card">
      <h2>Роботы на стадиях</h2>
      <table class="grid">
        <tr>
          <th>Стадия</th>
          <th>Робот</th>
          <th>Параметры</th>
          <th></th>
        </tr>
        ${rows.length > 0 ? rows : emptyRow(4, 'Роботы не настроены')}
      </table>
    </div>
    ${
      portal.state.robots.length > 0
        ? portal.state.robots.map((robot) => robotForm(sandbox, robot, categoryId))
        : html`<div class="notice">Приложение ещё не зарегистрировало роботов (bizproc.robot.add).</div>`
    }`
  const title = `Роботы: ${category?.name ?? categoryId}`
  return renderShell(portal, currentUser(c, portal), { title, active: '/crm/deal/', body })
}

/** The automation page and its place / remove actions. */
export function automationRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  const categoryOf = (c: Context) => Number(c.req.param('category')) || 0
  app.get('/crm/deal/automation/:category/', (c) => c.html(automationPage(c, sandbox, categoryOf(c))))
  app.post('/crm/deal/automation/:category/place/', async (c) => {
    const form = await readForm(c)
    const properties = Object.fromEntries(
      Object.entries(form)
        .filter(([key]) => key.startsWith('prop_'))
        .map(([key, value]) => [key.slice('prop_'.length), value]),
    )
    sandbox.placeRobot({ code: form.code ?? '', categoryId: categoryOf(c), stageId: form.stageId ?? '', properties })
    return c.redirect(`/crm/deal/automation/${categoryOf(c)}/`, 303)
  })
  app.post('/crm/deal/automation/:category/remove/', async (c) => {
    const id = Number((await readForm(c)).id)
    sandbox.portal.state.robotTriggers = sandbox.portal.state.robotTriggers.filter((trigger) => trigger.id !== id)
    sandbox.portal.persist()
    return c.redirect(`/crm/deal/automation/${categoryOf(c)}/`, 303)
  })
  return app
}
