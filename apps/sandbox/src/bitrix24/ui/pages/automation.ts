/**
 * @module Automation of a deal pipeline (`/crm/deal/automation/<category>/`): the app's robots
 * (`bizproc.robot.add`) and the standard "change stage" robot, where a portal user placed them, in order, with
 * property values and conditions. A deal entering such a stage runs them (the core's `runRobotsForDeal`).
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import { changeStageRobot } from '../../robots.ts'
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

/** Inputs for an app robot's or action's properties (`prop_<key>`), pre-filled with their `Default`. */
export function propertyInputs(robot: BizprocActivityRecord): Html[] {
  return Object.entries(robot.PROPERTIES).map(([key, raw]) => {
    const property = (raw ?? {}) as Record<string, unknown>
    const options = property.Options as Record<string, unknown> | undefined
    const label = localized(property.Name) || key
    if (property.Type === 'select' && options) {
      return html`<label
        >${label}
        <select name="prop_${key}">
          ${Object.entries(options).map(
            ([value, title]) =>
              html`<option value="${value}" ${value === String(property.Default ?? '') ? 'selected' : ''}>
                ${String(title)}
              </option>`,
          )}
        </select>
      </label>`
    }
    const hint = property.Type === 'user' ? 'user_6, {=Document:ASSIGNED_BY_ID}' : '{=Document:TITLE}'
    return html`<label
      >${label}
      <input name="prop_${key}" value="${String(property.Default ?? '')}" placeholder="${hint}" />
    </label>`
  })
}

/** The `prop_<key>` values of a submitted form, by property key. */
export function propertyValues(form: Record<string, string | undefined>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([key]) => key.startsWith('prop_'))
      .map(([key, value]) => [key.slice('prop_'.length), value]),
  )
}

function stageSelect(sandbox: Bitrix24Sandbox, categoryId: number, name: string): Html {
  return html`<select name="${name}">
    ${dealStages(sandbox.portal, categoryId).map((s) => html`<option value="${s.STATUS_ID}">${s.NAME}</option>`)}
  </select>`
}

function robotForm(sandbox: Bitrix24Sandbox, robot: BizprocActivityRecord, categoryId: number): Html {
  return html`<form class="card" method="post" action="/crm/deal/automation/${categoryId}/place/">
    <h2>${localized(robot.NAME)} <span class="muted mono">${robot.CODE}</span></h2>
    <input type="hidden" name="code" value="${robot.CODE}" />
    <div class="form-row">
      <label>Стадия ${stageSelect(sandbox, categoryId, 'stageId')}</label>
      ${propertyInputs(robot)}
      <button class="btn btn--primary" type="submit">Добавить на стадию</button>
    </div>
  </form>`
}

/** The standard robot "Сменить стадию", with an optional condition on the robot before it. */
function changeStageForm(sandbox: Bitrix24Sandbox, categoryId: number): Html {
  return html`<form class="card" method="post" action="/crm/deal/automation/${categoryId}/place/">
    <h2>Сменить стадию <span class="muted mono">${changeStageRobot}</span></h2>
    <input type="hidden" name="code" value="${changeStageRobot}" />
    <div class="form-row">
      <label>Стадия ${stageSelect(sandbox, categoryId, 'stageId')}</label>
      <label>Перевести на ${stageSelect(sandbox, categoryId, 'prop_stageId')}</label>
      <label
        >Условие: результат робота
        <input name="conditionField" value="result" />
      </label>
      <label
        >равен
        <input name="conditionEquals" placeholder="approved (пусто — всегда)" />
      </label>
      <button class="btn btn--primary" type="submit">Добавить на стадию</button>
    </div>
  </form>`
}

function triggerName(sandbox: Bitrix24Sandbox, code: string): string {
  if (code === changeStageRobot) return 'Сменить стадию'
  return localized(sandbox.portal.state.robots.find((r) => r.CODE === code)?.NAME) || code
}

function automationPage(c: Context, sandbox: Bitrix24Sandbox, categoryId: number): Html {
  const portal = sandbox.portal
  const triggers = portal.state.robotTriggers.filter((trigger) => trigger.categoryId === categoryId)
  const rows = triggers.map(
    (trigger) =>
      html`<tr>
        <td>${statusName(portal, stageEntity(categoryId), trigger.stageId)}</td>
        <td>${triggerName(sandbox, trigger.robotCode)}</td>
        <td class="mono">
          ${JSON.stringify(trigger.properties)}
          ${trigger.condition ? html`<br />если ${trigger.condition.field} = ${trigger.condition.equals}` : ''}
        </td>
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
    }
    ${changeStageForm(sandbox, categoryId)}`
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
    const properties = propertyValues(form)
    const equals = form.conditionEquals?.trim() ?? ''
    const condition = equals === '' ? null : { field: form.conditionField?.trim() || 'result', equals }
    const stageId = form.stageId ?? ''
    sandbox.placeRobot({ code: form.code ?? '', categoryId: categoryOf(c), stageId, properties, condition })
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
