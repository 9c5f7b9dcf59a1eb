/**
 * @module Tasks (`/company/personal/user/<id>/tasks/`): a user's tasks (or everyone's) and the "new task" form,
 * through `tasks.task.add` as the current user (`ONTASKADD` fires).
 */
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import type { Bitrix24Sandbox } from '../../sandbox-handle.ts'
import type { TaskRecord } from '../../state.ts'
import { currentUser } from '../current-user.ts'
import { filledFields, readForm } from '../form.ts'
import { shortDate, userLabel } from '../format.ts'
import { renderShell, type Html } from '../shell.ts'
import { emptyRow, userOptions } from './widgets.ts'

/** Task status names (`STATUS` / `REAL_STATUS`, reference §5.7). */
export const taskStatusNames: Record<number, string> = {
  1: 'Новая',
  2: 'Ждёт выполнения',
  3: 'Выполняется',
  4: 'Ждёт контроля',
  5: 'Завершена',
  6: 'Отложена',
  7: 'Отклонена',
}

/** Path of a task's view page under a user's tasks. */
export function taskPath(userId: number, taskId: number): string {
  return `/company/personal/user/${userId}/tasks/task/view/${taskId}/`
}

function involves(task: TaskRecord, userId: number): boolean {
  return (
    task.RESPONSIBLE_ID === userId ||
    task.CREATED_BY === userId ||
    task.AUDITORS.includes(userId) ||
    task.ACCOMPLICES.includes(userId)
  )
}

function taskRow(sandbox: Bitrix24Sandbox, task: TaskRecord, userId: number): Html {
  const portal = sandbox.portal
  const comments = portal.state.taskComments.filter((comment) => comment.TASK_ID === task.ID).length
  return html`<tr>
    <td class="muted">${task.ID}</td>
    <td>
      <a href="${taskPath(userId, task.ID)}">${task.TITLE}</a>
      ${comments > 0 ? html`<span class="muted">· комментариев: ${comments}</span>` : ''}
    </td>
    <td>
      <span class="badge ${task.STATUS === 5 ? 'badge--ok' : ''}">${taskStatusNames[task.STATUS] ?? task.STATUS}</span>
    </td>
    <td>${userLabel(portal, task.RESPONSIBLE_ID)}</td>
    <td>${userLabel(portal, task.CREATED_BY)}</td>
    <td class="muted">${shortDate(task.DEADLINE)}</td>
  </tr>`
}

function newTaskForm(sandbox: Bitrix24Sandbox, userId: number): Html {
  return html`<form class="card" method="post" action="/company/personal/user/${userId}/tasks/add/">
    <h2>Новая задача</h2>
    <div class="form-row">
      <label>Название <input name="TITLE" required /></label>
      <label
        >Исполнитель
        <select name="RESPONSIBLE_ID">
          ${userOptions(sandbox.portal, userId)}
        </select></label
      >
      <label>Крайний срок <input name="DEADLINE" type="datetime-local" /></label>
    </div>
    <div class="form-row">
      <label>Описание <textarea name="DESCRIPTION"></textarea></label>
      <button class="btn btn--primary" type="submit">Поставить задачу</button>
    </div>
  </form>`
}

function taskList(c: Context, sandbox: Bitrix24Sandbox, ownerId: number): Html {
  const user = currentUser(c, sandbox.portal)
  const showAll = c.req.query('all') === 'Y'
  const tasks = sandbox.portal.state.tasks.filter((task) => showAll || involves(task, ownerId)).reverse()
  const base = `/company/personal/user/${ownerId}/tasks/`
  const body = html`<nav class="tabs">
      <a href="${base}" class="${showAll ? '' : 'is-active'}">Задачи: ${userLabel(sandbox.portal, ownerId)}</a>
      <a href="${base}?all=Y" class="${showAll ? 'is-active' : ''}">Все задачи</a>
    </nav>
    ${newTaskForm(sandbox, ownerId)}
    <div class="card">
      <table class="grid">
        <tr>
          <th>ID</th>
          <th>Задача</th>
          <th>Статус</th>
          <th>Исполнитель</th>
          <th>Постановщик</th>
          <th>Срок</th>
        </tr>
        ${tasks.length > 0 ? tasks.map((task) => taskRow(sandbox, task, ownerId)) : emptyRow(6, 'Задач нет')}
      </table>
    </div>`
  return renderShell(sandbox.portal, user, {
    title: 'Задачи',
    active: `/company/personal/user/${user.ID}/tasks/`,
    body,
  })
}

/** `GET /company/personal/user/<id>/tasks/` and `POST …/tasks/add/`. */
export function taskListRoutes(sandbox: Bitrix24Sandbox): Hono {
  const app = new Hono()
  app.get('/company/personal/user/:uid/tasks/', (c) => c.html(taskList(c, sandbox, Number(c.req.param('uid')))))
  app.post('/company/personal/user/:uid/tasks/add/', async (c) => {
    const fields = filledFields(await readForm(c), ['TITLE', 'RESPONSIBLE_ID', 'DEADLINE', 'DESCRIPTION'])
    const user = currentUser(c, sandbox.portal)
    const result = (await sandbox.callAsUser(user.ID, 'tasks.task.add', { fields })) as { task: { id: string } }
    return c.redirect(taskPath(Number(c.req.param('uid')), Number(result.task.id)), 303)
  })
  return app
}
