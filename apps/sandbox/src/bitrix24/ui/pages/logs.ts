/**
 * @module The sandbox's own pages: the event-delivery log (events and robot calls as POSTed, one attempt each,
 * §4.2) and the REST-call log (every method call with its transport, caller, status and parameters).
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import qs from 'qs'
import type { DeliveryRecord, RestLogEntry } from '../../portal.ts'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import { currentUser } from '../current-user.ts'
import { shortDate, userLabel } from '../format.ts'
import { renderShell, type Html } from '../shell.ts'
import { emptyRow } from './widgets.ts'

const SHOWN = 300

function statusBadge(status: number | null, error: string | null): Html {
  const ok = status !== null && status < 400 && !error
  return html`<span class="badge ${ok ? 'badge--ok' : 'badge--fail'}">${status ?? '—'}</span>
    ${error ? html`<span class="muted">${error}</span>` : ''}`
}

function deliveryRow(delivery: DeliveryRecord): Html {
  return html`<tr>
    <td class="muted">${delivery.id}</td>
    <td class="muted">${shortDate(delivery.at)}</td>
    <td>${delivery.kind === 'robot' ? 'робот' : 'событие'}</td>
    <td><b>${delivery.event}</b></td>
    <td class="mono">${delivery.handler}</td>
    <td>${statusBadge(delivery.status, delivery.error)}</td>
    <td>
      <details>
        <summary>тело</summary>
        <pre class="mono">${JSON.stringify(qs.parse(delivery.body, { depth: 10 }), null, 2)}</pre>
      </details>
    </td>
  </tr>`
}

function restRow(sandbox: Bitrix24Sandbox, entry: RestLogEntry): Html {
  return html`<tr>
    <td class="muted">${entry.id}</td>
    <td class="muted">${shortDate(entry.at)}</td>
    <td><b>${entry.method}</b></td>
    <td>${entry.transport}</td>
    <td>${userLabel(sandbox.portal, entry.userId)}</td>
    <td>${statusBadge(entry.status, entry.error)}</td>
    <td class="muted">${entry.durationMs} мс</td>
    <td>
      <details>
        <summary>параметры</summary>
        <pre class="mono">${JSON.stringify(entry.params, null, 2)}</pre>
      </details>
    </td>
  </tr>`
}

function eventLogPage(c: Context, sandbox: Bitrix24Sandbox): Html {
  const deliveries = sandbox.portal.deliveries.slice(-SHOWN).reverse()
  const body = html`<p class="muted">
      Каждое событие и вызов робота отправляются один раз; неудачная доставка не повторяется, как в Битрикс24.
    </p>
    <div class="card">
      <table class="grid">
        <tr>
          <th>#</th>
          <th>Когда</th>
          <th>Тип</th>
          <th>Событие</th>
          <th>Обработчик</th>
          <th>Ответ</th>
          <th></th>
        </tr>
        ${deliveries.length > 0 ? deliveries.map(deliveryRow) : emptyRow(7, 'Доставок ещё не было')}
      </table>
    </div>`
  const user = currentUser(c, sandbox.portal)
  return renderShell(sandbox.portal, user, { title: 'Доставка событий', active: '/sandbox/events/', body })
}

function restLogPage(c: Context, sandbox: Bitrix24Sandbox): Html {
  const transport = c.req.query('transport') ?? ''
  const entries = sandbox.portal.restLog
    .filter((entry) => transport === '' || entry.transport === transport)
    .slice(-SHOWN)
    .reverse()
  const tab = (value: string, label: string) =>
    html`<a href="/sandbox/rest/${value ? `?transport=${value}` : ''}" class="${transport === value ? 'is-active' : ''}"
      >${label}</a
    >`
  const body = html`<nav class="tabs">
      ${tab('', 'Все')} ${tab('oauth', 'Приложение (OAuth)')} ${tab('webhook', 'Вебхуки')}
    </nav>
    <div class="card">
      <table class="grid">
        <tr>
          <th>#</th>
          <th>Когда</th>
          <th>Метод</th>
          <th>Канал</th>
          <th>Пользователь</th>
          <th>Ответ</th>
          <th>Время</th>
          <th></th>
        </tr>
        ${entries.length > 0 ? entries.map((entry) => restRow(sandbox, entry)) : emptyRow(8, 'Вызовов ещё не было')}
      </table>
    </div>`
  const user = currentUser(c, sandbox.portal)
  return renderShell(sandbox.portal, user, { title: 'Журнал REST', active: '/sandbox/rest/', body })
}

/** `GET /sandbox/events/` and `GET /sandbox/rest/`. */
export function logRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  app.get('/sandbox/events/', (c) => c.html(eventLogPage(c, sandbox)))
  app.get('/sandbox/rest/', (c) => c.html(restLogPage(c, sandbox)))
  return app
}
