/**
 * @module Leads (`/crm/lead/`): the list with the "new lead" form and the lead card with status buttons and
 * fields. Changes go through `crm.lead.add` / `crm.lead.update` as the current user (`ONCRMLEADADD` fires).
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { CrmRecord } from '../../state.ts'
import { currentUser } from '../current-user.ts'
import { filledFields, readForm } from '../form.ts'
import { leadStatuses, money, shortDate, statusName, userLabel } from '../format.ts'
import { renderShell, type Html } from '../shell.ts'
import { emptyRow, timelineComment, userOptions } from './widgets.ts'

const LEAD_FORM_FIELDS = ['TITLE', 'NAME', 'LAST_NAME', 'SOURCE_ID', 'OPPORTUNITY', 'ASSIGNED_BY_ID', 'COMMENTS']

function sourceOptions(sandbox: Bitrix24Sandbox, selected: unknown): Html {
  const sources = sandbox.portal.state.statuses.filter((s) => s.ENTITY_ID === 'SOURCE')
  return html`${sources.map(
    (s) => html`<option value="${s.STATUS_ID}" ${s.STATUS_ID === selected ? 'selected' : ''}>${s.NAME}</option>`,
  )}`
}

function leadFields(sandbox: Bitrix24Sandbox, lead: Partial<CrmRecord>, userId: number): Html {
  return html`<div class="form-row">
      <label>Название <input name="TITLE" value="${String(lead.TITLE ?? '')}" required /></label>
      <label>Имя <input name="NAME" value="${String(lead.NAME ?? '')}" /></label>
      <label>Фамилия <input name="LAST_NAME" value="${String(lead.LAST_NAME ?? '')}" /></label>
      <label
        >Источник
        <select name="SOURCE_ID">
          ${sourceOptions(sandbox, lead.SOURCE_ID)}
        </select></label
      >
    </div>
    <div class="form-row">
      <label
        >Сумма, ₽ <input name="OPPORTUNITY" type="number" step="0.01" value="${String(lead.OPPORTUNITY ?? '')}"
      /></label>
      <label
        >Ответственный
        <select name="ASSIGNED_BY_ID">
          ${userOptions(sandbox.portal, Number(lead.ASSIGNED_BY_ID ?? userId))}
        </select>
      </label>
      <label>Комментарий <textarea name="COMMENTS">${String(lead.COMMENTS ?? '')}</textarea></label>
    </div>`
}

function leadList(c: Context, sandbox: Bitrix24Sandbox): Html {
  const portal = sandbox.portal
  const user = currentUser(c, portal)
  const rows = [...portal.state.leads].reverse().map(
    (lead) =>
      html`<tr>
        <td class="muted">${lead.ID}</td>
        <td><a href="/crm/lead/details/${lead.ID}/">${String(lead.TITLE ?? '')}</a></td>
        <td>${[lead.NAME, lead.LAST_NAME].filter(Boolean).join(' ')}</td>
        <td><span class="badge">${statusName(portal, 'STATUS', lead.STATUS_ID)}</span></td>
        <td>${userLabel(portal, lead.ASSIGNED_BY_ID)}</td>
        <td class="muted">${shortDate(lead.DATE_CREATE)}</td>
      </tr>`,
  )
  const body = html`<form class="card" method="post" action="/crm/lead/add/">
      <h2>Новый лид</h2>
      ${leadFields(sandbox, {}, user.ID)}
      <button class="btn btn--primary" type="submit">Создать</button>
    </form>
    <div class="card">
      <table class="grid">
        <tr>
          <th>ID</th>
          <th>Лид</th>
          <th>Контакт</th>
          <th>Статус</th>
          <th>Ответственный</th>
          <th>Создан</th>
        </tr>
        ${rows.length > 0 ? rows : emptyRow(6, 'Лидов нет')}
      </table>
    </div>`
  return renderShell(portal, user, { title: 'Лиды', active: '/crm/lead/', body })
}

/** The lead's contacts (multifields) and its timeline comments with their files, newest first (read only). */
function leadTimeline(sandbox: Bitrix24Sandbox, lead: CrmRecord): Html {
  const comments = sandbox.portal.state.timeline
    .filter((entry) => entry.ENTITY_TYPE === 'lead' && String(entry.ENTITY_ID) === lead.ID)
    .reverse()
  const contacts = ['PHONE', 'EMAIL'].flatMap((type) =>
    (Array.isArray(lead[type]) ? (lead[type] as { VALUE?: string }[]) : []).map((row) => row.VALUE ?? ''),
  )
  return html`<div class="card" data-testid="lead-timeline">
    <h2>Лента</h2>
    ${contacts.length > 0 ? html`<p>${contacts.join(' · ')}</p>` : ''}
    ${comments.map((entry) => timelineComment(sandbox.portal, entry))}
  </div>`
}

function leadCard(c: Context, sandbox: Bitrix24Sandbox, lead: CrmRecord): Html {
  const portal = sandbox.portal
  const user = currentUser(c, portal)
  const statuses = leadStatuses(portal)
  const body = html`<form class="stages" method="post" action="/crm/lead/details/${lead.ID}/update/">
      ${statuses.map(
        (s) =>
          html`<button
            type="submit"
            name="STATUS_ID"
            value="${s.STATUS_ID}"
            class="${s.STATUS_ID === lead.STATUS_ID ? 'is-current' : ''}"
          >
            ${s.NAME}
          </button>`,
      )}
    </form>
    <form class="card" method="post" action="/crm/lead/details/${lead.ID}/update/">
      <h2>О лиде</h2>
      ${leadFields(sandbox, lead, user.ID)}
      <button class="btn btn--primary" type="submit">Сохранить</button>
      <p class="muted">Сумма: ${money(lead.OPPORTUNITY, lead.CURRENCY_ID)} · создан ${shortDate(lead.DATE_CREATE)}</p>
    </form>
    ${leadTimeline(sandbox, lead)}`
  const title = String(lead.TITLE ?? `Лид #${lead.ID}`)
  return renderShell(portal, user, { title, active: '/crm/lead/', body, bare: c.req.query('IFRAME') === 'Y' })
}

/** `/crm/lead/`, `/crm/lead/details/<id>/` and their form actions. */
export function leadRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  app.get('/crm/lead/', (c) => c.html(leadList(c, sandbox)))
  app.post('/crm/lead/add/', async (c) => {
    const fields = filledFields(await readForm(c), LEAD_FORM_FIELDS)
    const id = await sandbox.callAsUser(currentUser(c, sandbox.portal).ID, 'crm.lead.add', { fields })
    return c.redirect(`/crm/lead/details/${String(id)}/`, 303)
  })
  app.get('/crm/lead/details/:id/', (c) => {
    const lead = sandbox.portal.state.leads.find((candidate) => candidate.ID === c.req.param('id'))
    return lead ? c.html(leadCard(c, sandbox, lead)) : c.notFound()
  })
  app.post('/crm/lead/details/:id/update/', async (c) => {
    const fields = filledFields(await readForm(c), [...LEAD_FORM_FIELDS, 'STATUS_ID'])
    const id = c.req.param('id')
    await sandbox.callAsUser(currentUser(c, sandbox.portal).ID, 'crm.lead.update', { id, fields })
    return c.redirect(`/crm/lead/details/${id}/`, 303)
  })
  return app
}
