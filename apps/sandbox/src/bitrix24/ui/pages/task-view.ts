/**
 * @module A task's page (`…/tasks/task/view/<id>/`): fields, linked CRM items, comments, the comment form
 * (`task.commentitem.add`, positional as the reference recommends), "complete" (`tasks.task.complete`), "defer"
 * (`tasks.task.defer`) and "delete" (`tasks.task.delete`), each as the current user.
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { TaskRecord } from '../../state.ts'
import { renderBbCode } from '../bbcode.ts'
import { currentUser } from '../current-user.ts'
import { readForm } from '../form.ts'
import { shortDate, userLabel } from '../format.ts'
import { renderShell, type Html } from '../shell.ts'
import { taskPath, taskStatusNames } from './tasks.ts'

/** `D_12` → a link to deal 12, `L_3` → lead 3; other bindings as text. */
function crmLink(binding: string): Html {
  const [prefix, id] = binding.split('_')
  const type = prefix === 'D' ? 'deal' : prefix === 'L' ? 'lead' : null
  return type ? html`<a href="/crm/${type}/details/${id}/">${binding}</a>` : html`${binding}`
}

function details(sandbox: Bitrix24Sandbox, task: TaskRecord): Html {
  const portal = sandbox.portal
  return html`<div class="card">
    <h2>${taskStatusNames[task.STATUS] ?? task.STATUS}</h2>
    <p style="white-space: pre-wrap">${renderBbCode(task.DESCRIPTION)}</p>
    <table class="grid">
      <tr>
        <td class="muted">Постановщик</td>
        <td>${userLabel(portal, task.CREATED_BY)}</td>
      </tr>
      <tr>
        <td class="muted">Исполнитель</td>
        <td>${userLabel(portal, task.RESPONSIBLE_ID)}</td>
      </tr>
      <tr>
        <td class="muted">Наблюдатели</td>
        <td>${task.AUDITORS.map((id) => userLabel(portal, id)).join(', ')}</td>
      </tr>
      <tr>
        <td class="muted">Крайний срок</td>
        <td>${shortDate(task.DEADLINE)}</td>
      </tr>
      <tr>
        <td class="muted">CRM</td>
        <td>${task.UF_CRM_TASK.map((binding) => html`${crmLink(binding)} `)}</td>
      </tr>
      <tr>
        <td class="muted">Создана</td>
        <td>${shortDate(task.CREATED_DATE)}</td>
      </tr>
    </table>
  </div>`
}

function comments(sandbox: Bitrix24Sandbox, task: TaskRecord, path: string): Html {
  const list = sandbox.portal.state.taskComments.filter((comment) => comment.TASK_ID === task.ID)
  return html`<div class="card">
    <h2>Комментарии</h2>
    ${list.map(
      (comment) =>
        html`<p>
          <b>${userLabel(sandbox.portal, comment.AUTHOR_ID)}</b>
          <span class="muted">${shortDate(comment.POST_DATE)}</span><br />${renderBbCode(comment.POST_MESSAGE)}
        </p>`,
    )}
    <form class="form-row" method="post" action="${path}comment/">
      <label>Комментарий <textarea name="POST_MESSAGE" required></textarea></label>
      <button class="btn" type="submit">Отправить</button>
    </form>
  </div>`
}

function taskPage(c: Context, sandbox: Bitrix24Sandbox, task: TaskRecord): Html {
  const user = currentUser(c, sandbox.portal)
  const path = taskPath(Number(c.req.param('uid')), task.ID)
  const button = (action: string, label: string, primary = false) =>
    html`<form method="post" action="${path}${action}/" style="display: inline">
      <button class="btn${primary ? ' btn--primary' : ''}" data-action="${action}">${label}</button>
    </form>`
  const actions = html`<div class="form-row">
      ${task.STATUS === 5 ? '' : button('complete', 'Завершить', true)}
      ${task.STATUS === 5 || task.STATUS === 6 ? '' : button('defer', 'Отложить')} ${button('delete', 'Удалить')}
    </div>
    <br />`
  const body = html`${actions} ${details(sandbox, task)} ${comments(sandbox, task, path)}`
  const active = `/company/personal/user/${user.ID}/tasks/`
  return renderShell(sandbox.portal, user, { title: task.TITLE, active, body, bare: c.req.query('IFRAME') === 'Y' })
}

/** The task page and its comment, complete, defer and delete actions. */
export function taskViewRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  const find = (c: Context) => sandbox.portal.state.tasks.find((task) => task.ID === Number(c.req.param('id')))
  const path = '/company/personal/user/:uid/tasks/task/view/:id/'
  app.get(path, (c) => {
    const task = find(c)
    return task ? c.html(taskPage(c, sandbox, task)) : c.notFound()
  })
  app.post(`${path}comment/`, async (c) => {
    const { POST_MESSAGE } = await readForm(c)
    const user = currentUser(c, sandbox.portal)
    await sandbox.callAsUser(user.ID, 'task.commentitem.add', { 0: c.req.param('id'), 1: { POST_MESSAGE } })
    return c.redirect(taskPath(Number(c.req.param('uid')), Number(c.req.param('id'))), 303)
  })
  for (const action of ['complete', 'defer'] as const) {
    app.post(`${path}${action}/`, async (c) => {
      const user = currentUser(c, sandbox.portal)
      await sandbox.callAsUser(user.ID, `tasks.task.${action}`, { taskId: c.req.param('id') })
      return c.redirect(taskPath(Number(c.req.param('uid')), Number(c.req.param('id'))), 303)
    })
  }
  app.post(`${path}delete/`, async (c) => {
    const user = currentUser(c, sandbox.portal)
    await sandbox.callAsUser(user.ID, 'tasks.task.delete', { taskId: c.req.param('id') })
    return c.redirect(`/company/personal/user/${user.ID}/tasks/`, 303)
  })
  return app
}
