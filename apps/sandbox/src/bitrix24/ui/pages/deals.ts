/**
 * @module The deals list (`/crm/deal/`): one tab per pipeline, the deals of that pipeline, and the "new deal"
 * form. Adding goes through `crm.deal.add` as the current user, so `ONCRMDEALADD` and robots fire.
 */
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { CrmRecord } from '../../state.ts'
import { currentUser } from '../current-user.ts'
import { filledFields, readForm } from '../form.ts'
import { dealStages, money, shortDate, stageEntity, statusName, userLabel } from '../format.ts'
import { renderShell, type Html } from '../shell.ts'
import { userOptions } from './widgets.ts'

function pipelineTabs(sandbox: Bitrix24Sandbox, active: number): Html {
  return html`<nav class="tabs">
    ${sandbox.portal.state.categories.map(
      (category) =>
        html`<a href="/crm/deal/?category=${category.id}" class="${category.id === active ? 'is-active' : ''}"
          >${category.name}</a
        >`,
    )}
    <a href="/crm/deal/automation/${active}/">Роботы</a>
  </nav>`
}

function dealRow(sandbox: Bitrix24Sandbox, deal: CrmRecord, categoryId: number): Html {
  const portal = sandbox.portal
  return html`<tr>
    <td class="muted">${deal.ID}</td>
    <td><a href="/crm/deal/details/${deal.ID}/">${String(deal.TITLE ?? '')}</a></td>
    <td><span class="badge">${statusName(portal, stageEntity(categoryId), deal.STAGE_ID)}</span></td>
    <td>${money(deal.OPPORTUNITY, deal.CURRENCY_ID)}</td>
    <td>${userLabel(portal, deal.ASSIGNED_BY_ID)}</td>
    <td class="muted">${shortDate(deal.DATE_MODIFY)}</td>
  </tr>`
}

function newDealForm(sandbox: Bitrix24Sandbox, categoryId: number, assignedTo: number): Html {
  return html`<form class="card" method="post" action="/crm/deal/add/">
    <h2>Новая сделка</h2>
    <input type="hidden" name="CATEGORY_ID" value="${categoryId}" />
    <div class="form-row">
      <label>Название <input name="TITLE" required /></label>
      <label>Сумма, ₽ <input name="OPPORTUNITY" type="number" min="0" step="0.01" /></label>
      <label
        >Стадия
        <select name="STAGE_ID">
          ${dealStages(sandbox.portal, categoryId).map((s) => html`<option value="${s.STATUS_ID}">${s.NAME}</option>`)}
        </select>
      </label>
      <label
        >Ответственный
        <select name="ASSIGNED_BY_ID">
          ${userOptions(sandbox.portal, assignedTo)}
        </select></label
      >
      <button class="btn btn--primary" type="submit">Создать</button>
    </div>
  </form>`
}

/** `GET /crm/deal/` and `POST /crm/deal/add/`. */
export function dealListRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  app.get('/crm/deal/', (c) => {
    const user = currentUser(c, sandbox.portal)
    const categoryId = Number(c.req.query('category') ?? 0) || 0
    const deals = sandbox.portal.state.deals.filter((deal) => Number(deal.CATEGORY_ID ?? 0) === categoryId)
    const body = html`${pipelineTabs(sandbox, categoryId)} ${newDealForm(sandbox, categoryId, user.ID)}
      <div class="card">
        <table class="grid">
          <thead>
            <tr>
              <th>ID</th>
              <th>Сделка</th>
              <th>Стадия</th>
              <th>Сумма</th>
              <th>Ответственный</th>
              <th>Изменена</th>
            </tr>
          </thead>
          <tbody>
            ${[...deals].reverse().map((deal) => dealRow(sandbox, deal, categoryId))}
          </tbody>
        </table>
      </div>`
    return c.html(renderShell(sandbox.portal, user, { title: 'Сделки', active: '/crm/deal/', body }))
  })
  app.post('/crm/deal/add/', async (c) => {
    const user = currentUser(c, sandbox.portal)
    const form = await readForm(c)
    const fields = filledFields(form, ['TITLE', 'OPPORTUNITY', 'STAGE_ID', 'ASSIGNED_BY_ID', 'CATEGORY_ID'])
    const id = await sandbox.callAsUser(user.ID, 'crm.deal.add', { fields })
    return c.redirect(`/crm/deal/details/${String(id)}/`, 303)
  })
  return app
}
