/**
 * @module The deal card's automation blocks: the robot runs of the deal (waiting, answered with their return
 * values, terminated when the deal left the stage, skipped when a condition did not hold) and "Бизнес-процессы",
 * which starts a business process with one of the app's actions on the deal.
 */
import { html } from 'hono/html'
import { changeStageRobot } from '../../robots.ts'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { CrmRecord, RobotRunRecord } from '../../state.ts'
import { shortDate } from '../format.ts'
import type { Html } from '../shell.ts'
import { localized, propertyInputs } from './automation.ts'

const statusWords: Record<RobotRunRecord['status'], [string, string]> = {
  waiting: ['ждёт ответа приложения', 'badge--info'],
  completed: ['выполнен', 'badge--ok'],
  'done-without-subscription': ['выполнен (без ожидания)', 'badge--ok'],
  terminated: ['прерван: сделка ушла со стадии', 'badge--fail'],
  skipped: ['пропущен: условие не выполнено', ''],
}

function runName(sandbox: Bitrix24Sandbox, run: RobotRunRecord): string {
  if (run.robotCode === changeStageRobot) return 'Сменить стадию'
  const family = run.kind === 'activity' ? sandbox.portal.state.activities : sandbox.portal.state.robots
  const name = localized(family.find((r) => r.CODE === run.robotCode)?.NAME)
  return `${run.kind === 'activity' ? 'Бизнес-процесс: ' : ''}${name || run.robotCode}`
}

function returnValues(run: RobotRunRecord): Html | '' {
  if (!run.returnValues) return ''
  return html`<dl class="values">
    ${Object.entries(run.returnValues).map(
      ([key, value]) =>
        html`<dt class="mono">${key}</dt>
          <dd>${String(value ?? '')}</dd>`,
    )}
  </dl>`
}

/** The deal's robot and business-process runs, oldest first. */
export function robotRuns(sandbox: Bitrix24Sandbox, deal: CrmRecord): Html | '' {
  const runs = sandbox.portal.state.robotRuns.filter((run) => run.documentId[2] === `DEAL_${deal.ID}`)
  if (runs.length === 0) return ''
  return html`<div class="card" id="robot-runs">
    <h2>Роботы</h2>
    <table class="grid">
      <tr>
        <th>Робот</th>
        <th>Запущен</th>
        <th>Статус</th>
        <th>Результат</th>
      </tr>
      ${runs.map((run) => {
        const [word, badge] = statusWords[run.status]
        return html`<tr data-status="${run.status}">
          <td>${runName(sandbox, run)}</td>
          <td class="muted">${shortDate(run.startedAt)}</td>
          <td><span class="badge ${badge}">${word}</span></td>
          <td>${returnValues(run)} <span class="muted">${run.logMessage ?? ''}</span></td>
        </tr>`
      })}
    </table>
  </div>`
}

/** "Бизнес-процессы": start a process with one of the app's actions on this deal. */
export function businessProcesses(sandbox: Bitrix24Sandbox, deal: CrmRecord): Html | '' {
  const { activities, app } = sandbox.portal.state
  if (activities.length === 0 || !app.installed) return ''
  return html`${activities.map(
    (activity) =>
      html`<form class="card" method="post" action="/crm/deal/details/${deal.ID}/bizproc/">
        <h2>Бизнес-процесс: ${localized(activity.NAME)} <span class="muted mono">${activity.CODE}</span></h2>
        <input type="hidden" name="code" value="${activity.CODE}" />
        <div class="form-row">
          ${propertyInputs(activity)}
          <button class="btn btn--primary" type="submit">Запустить бизнес-процесс</button>
        </div>
      </form>`,
  )}`
}
