/**
 * @module The deal card (`/crm/deal/details/<id>/`): stage bar, fields, timeline comments, robot runs, business
 * processes and one tab
 * per `CRM_DEAL_DETAIL_TAB` placement of the app, which embeds the app frame with `PLACEMENT_OPTIONS`
 * `{ID, URI}` (reference §5.15). Widgets stay hidden until `installFinish` (§1.3).
 */
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { CrmRecord } from '../../state.ts'
import { renderAppFrame } from '../app-frame.ts'
import { currentUser } from '../current-user.ts'
import { dealStages, money, shortDate, stageEntity, statusName, userLabel } from '../format.ts'
import { renderShell, type Html } from '../shell.ts'
import { businessProcesses, robotRuns } from './deal-automation.ts'
import { timelineComment, userOptions } from './widgets.ts'

function stageBar(sandbox: Bitrix24Sandbox, deal: CrmRecord): Html {
  const stages = dealStages(sandbox.portal, Number(deal.CATEGORY_ID ?? 0))
  const current = stages.findIndex((stage) => stage.STATUS_ID === deal.STAGE_ID)
  const classOf = (index: number, semantics: string | null): string => {
    if (index === current) return semantics === 'S' ? 'is-won' : semantics === 'F' ? 'is-lost' : 'is-current'
    return index < current && semantics === 'P' ? 'is-passed' : ''
  }
  return html`<form class="stages" method="post" action="/crm/deal/details/${deal.ID}/stage/">
    ${stages.map(
      (stage, index) =>
        html`<button
          type="submit"
          name="STAGE_ID"
          value="${stage.STATUS_ID}"
          class="${classOf(index, stage.SEMANTICS)}"
        >
          ${stage.NAME}
        </button>`,
    )}
  </form>`
}

function editForm(sandbox: Bitrix24Sandbox, deal: CrmRecord): Html {
  return html`<form class="card" method="post" action="/crm/deal/details/${deal.ID}/update/">
    <h2>О сделке</h2>
    <div class="form-row">
      <label>Название <input name="TITLE" value="${String(deal.TITLE ?? '')}" required /></label>
      <label
        >Сумма, ₽ <input name="OPPORTUNITY" type="number" step="0.01" value="${String(deal.OPPORTUNITY ?? '')}"
      /></label>
      <label
        >Ответственный
        <select name="ASSIGNED_BY_ID">
          ${userOptions(sandbox.portal, Number(deal.ASSIGNED_BY_ID))}
        </select>
      </label>
    </div>
    <div class="form-row">
      <label>Комментарий <textarea name="COMMENTS">${String(deal.COMMENTS ?? '')}</textarea></label>
      <button class="btn btn--primary" type="submit">Сохранить</button>
    </div>
    <p class="muted">
      Сумма: ${money(deal.OPPORTUNITY, deal.CURRENCY_ID)} · создана ${shortDate(deal.DATE_CREATE)}
      (${userLabel(sandbox.portal, deal.CREATED_BY_ID)}) · изменена ${shortDate(deal.DATE_MODIFY)}
    </p>
  </form>`
}

function timeline(sandbox: Bitrix24Sandbox, deal: CrmRecord): Html {
  const comments = sandbox.portal.state.timeline
    .filter((entry) => entry.ENTITY_TYPE === 'deal' && String(entry.ENTITY_ID) === deal.ID)
    .reverse()
  return html`<div class="card">
    <h2>Лента</h2>
    <form class="form-row" method="post" action="/crm/deal/details/${deal.ID}/comment/">
      <label>Комментарий <textarea name="COMMENT" required></textarea></label>
      <button class="btn" type="submit">Добавить</button>
    </form>
    ${comments.map((entry) => timelineComment(sandbox.portal, entry))}
  </div>`
}

/** The app tabs of the card: the app's `CRM_DEAL_DETAIL_TAB` bindings, once the app is installed. */
function appTabs(sandbox: Bitrix24Sandbox) {
  const app = sandbox.portal.state.app
  if (!app.active || !app.installed) return []
  return sandbox.portal.state.placements.filter((binding) => binding.placement === 'CRM_DEAL_DETAIL_TAB')
}

/** The tab's title in the portal's language (Russian): `LANG_ALL.ru.TITLE`, else `TITLE`, as Bitrix24 shows it. */
function tabTitle(binding: { title: string; langAll: Record<string, unknown> }): string {
  const ru = binding.langAll.ru as { TITLE?: unknown } | undefined
  return (typeof ru?.TITLE === 'string' && ru.TITLE) || binding.title || 'Приложение'
}

function cardTabs(sandbox: Bitrix24Sandbox, deal: CrmRecord, active: string): Html {
  const base = `/crm/deal/details/${deal.ID}/`
  return html`<nav class="tabs">
    <a href="${base}" class="${active === '' ? 'is-active' : ''}">Общие</a>
    ${appTabs(sandbox).map(
      (binding) =>
        html`<a href="${base}?tab=app_${binding.id}" class="${active === `app_${binding.id}` ? 'is-active' : ''}"
          >${tabTitle(binding)}</a
        >`,
    )}
  </nav>`
}

function appTab(c: Context, sandbox: Bitrix24Sandbox, deal: CrmRecord): Html {
  return renderAppFrame({
    portal: sandbox.portal,
    user: currentUser(c, sandbox.portal),
    placement: 'CRM_DEAL_DETAIL_TAB',
    placementOptions: { ID: deal.ID, URI: `/crm/deal/details/${deal.ID}/` },
    isPopup: false,
    height: 520,
  })
}

/** Renders the card of `deal`. */
export function renderDealCard(c: Context, sandbox: Bitrix24Sandbox, deal: CrmRecord): Html {
  const user = currentUser(c, sandbox.portal)
  const tab = c.req.query('tab') ?? ''
  const isAppTab = tab.startsWith('app_') && appTabs(sandbox).some((binding) => `app_${binding.id}` === tab)
  const pipeline = statusName(sandbox.portal, stageEntity(Number(deal.CATEGORY_ID ?? 0)), deal.STAGE_ID)
  const body = html`${stageBar(sandbox, deal)} ${cardTabs(sandbox, deal, isAppTab ? tab : '')}
  ${
    isAppTab
      ? appTab(c, sandbox, deal)
      : html`${editForm(sandbox, deal)} ${robotRuns(sandbox, deal)} ${businessProcesses(sandbox, deal)}
        ${timeline(sandbox, deal)}`
  }`
  return renderShell(sandbox.portal, user, {
    title: `${String(deal.TITLE ?? '')} — ${pipeline}`,
    active: '/crm/deal/',
    body,
    bare: c.req.query('IFRAME') === 'Y',
  })
}
