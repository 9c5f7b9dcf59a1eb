/**
 * @module `tasks.task.add/update/get/list/complete/defer/renew/delete` (§5.7): UPPER_SNAKE input, camelCase output
 * with string values, `{ task }` / `{ tasks }` wrappers, `ERROR_CORE` errors ending in `<br>`,
 * `ONTASKADD` / `ONTASKUPDATE` / `ONTASKDELETE` (§4.4). As in Bitrix24, a task given to someone other than
 * its creator notifies the responsible person (a notification from the creator with a link to the task).
 */
import { formatB24Date } from '../b24-date.ts'
import { fireEvent } from '../events/dispatcher.ts'
import type { Portal } from '../portal.ts'
import { nextId, type TaskRecord, type UserRecord } from '../state.ts'
import { applyFilter, applyOrder, paginate } from '../rest/list.ts'
import { asInt, asList, asRecord, asText, param, type Params } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { accessDenied, RestError } from '../rest/rest-error.ts'
import { taskToWire } from './task-wire.ts'

function coreError(text: string): RestError {
  return new RestError(400, 'ERROR_CORE', `${text}<br>`)
}

function findTask(portal: Portal, params: Params): TaskRecord {
  const id = asInt(param(params, 'taskId'))
  const task = portal.state.tasks.find((t) => t.ID === id)
  if (!task) throw coreError('Task not found or access denied')
  return task
}

/** Administrators read every task; anyone else the tasks they created, run, help with or audit. */
function canReadTask(user: UserRecord, task: TaskRecord): boolean {
  if (user.IS_ADMIN) return true
  return [task.CREATED_BY, task.RESPONSIBLE_ID, ...task.AUDITORS, ...task.ACCOMPLICES].includes(user.ID)
}

function writeTask(task: TaskRecord, fields: Record<string, unknown>): void {
  for (const [rawKey, value] of Object.entries(fields)) {
    const key = rawKey.toUpperCase()
    if (['TITLE', 'DESCRIPTION'].includes(key)) task[key as 'TITLE'] = asText(value)
    else if (['RESPONSIBLE_ID', 'CREATED_BY', 'PRIORITY', 'GROUP_ID', 'PARENT_ID', 'STATUS'].includes(key)) {
      task[key as 'PRIORITY'] = asInt(value)
    } else if (key === 'DEADLINE') task.DEADLINE = asText(value) ? formatB24Date(Date.parse(asText(value))) : null
    else if (['AUDITORS', 'ACCOMPLICES'].includes(key)) task[key as 'AUDITORS'] = asList(value).map((v) => asInt(v))
    else if (['UF_CRM_TASK', 'UF_TASK_WEBDAV_FILES'].includes(key))
      task[key as 'UF_CRM_TASK'] = asList(value).map(asText)
  }
}

function fireTaskEvent(portal: Portal, event: string, task: TaskRecord, userId: number, isNew: boolean): void {
  const ref = { ID: String(task.ID) }
  const data = {
    FIELDS_BEFORE: isNew ? 'undefined' : ref,
    FIELDS_AFTER: event === 'ONTASKDELETE' ? 'undefined' : ref,
    IS_ACCESSIBLE_BEFORE: isNew ? 'N' : 'undefined',
    IS_ACCESSIBLE_AFTER: 'undefined',
  }
  fireEvent(portal, { event, data, userId, scope: 'task', objectKey: `TASK_${task.ID}` })
}

/** Adds a task as a user; fires `ONTASKADD`. */
export function addTask(portal: Portal, userId: number, fields: Record<string, unknown>): TaskRecord {
  const upper = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.toUpperCase(), v]))
  if (!asText(upper['TITLE'])) throw coreError('Task title is not specified')
  if (!asInt(upper['RESPONSIBLE_ID'])) throw coreError('Responsible person not specified')
  const now = formatB24Date(portal.now())
  const task: TaskRecord = {
    ID: nextId(portal.state, 'task'),
    TITLE: '',
    DESCRIPTION: '',
    RESPONSIBLE_ID: 0,
    CREATED_BY: userId,
    CREATED_DATE: now,
    CHANGED_DATE: now,
    CLOSED_DATE: null,
    CLOSED_BY: 0,
    STATUS_CHANGED_BY: userId,
    DEADLINE: null,
    STATUS: 2,
    PRIORITY: 1,
    GROUP_ID: 0,
    PARENT_ID: 0,
    AUDITORS: [],
    ACCOMPLICES: [],
    UF_CRM_TASK: [],
    UF_TASK_WEBDAV_FILES: [],
  }
  writeTask(task, upper)
  portal.state.tasks.push(task)
  if (task.RESPONSIBLE_ID !== task.CREATED_BY) notifyResponsible(portal, task)
  fireTaskEvent(portal, 'ONTASKADD', task, userId, true)
  return task
}

/** The notification Bitrix24 itself sends the responsible person of a new task. */
function notifyResponsible(portal: Portal, task: TaskRecord): void {
  const link = `/company/personal/user/${task.RESPONSIBLE_ID}/tasks/task/view/${task.ID}/`
  portal.state.notifications.push({
    ID: nextId(portal.state, 'notification'),
    USER_ID: task.RESPONSIBLE_ID,
    FROM_USER_ID: task.CREATED_BY,
    TYPE: 'personal',
    MESSAGE: `Добавлена задача «[URL=${link}]${task.TITLE}[/URL]»`,
    MESSAGE_OUT: null,
    TAG: `TASKS|TASK|${task.ID}|${task.RESPONSIBLE_ID}`,
    SUB_TAG: null,
    ATTACH: null,
    DATE_CREATE: formatB24Date(portal.now()),
  })
}

function changeTask(portal: Portal, task: TaskRecord, userId: number, change: (t: TaskRecord) => void): TaskRecord {
  change(task)
  task.CHANGED_DATE = formatB24Date(portal.now())
  fireTaskEvent(portal, 'ONTASKUPDATE', task, userId, false)
  return task
}

function listTasks(portal: Portal, params: Params) {
  const filtered = applyFilter(portal.state.tasks as unknown as Record<string, unknown>[], param(params, 'filter'))
  const ordered = applyOrder(filtered, param(params, 'order'))
  const page = paginate(ordered as unknown as TaskRecord[], param(params, 'start'))
  const select = param(params, 'select')
  const tasks = page.page.map((t) => taskToWire(portal, t, select))
  return { result: { tasks }, total: page.total, ...(page.next === undefined ? {} : { next: page.next }) }
}

/** The task methods. */
export const taskMethods: MethodTable = {
  'tasks.task.add': {
    scope: 'task',
    handler: ({ portal, params, user }) => {
      const fields = param(params, 'fields')
      if (fields === undefined)
        throw new RestError(400, '100', 'Could not find value for parameter {fields} (internal error)')
      return { result: { task: taskToWire(portal, addTask(portal, user.ID, asRecord(fields)), null) } }
    },
  },
  'tasks.task.update': {
    scope: 'task',
    handler: ({ portal, params, user }) => {
      const task = changeTask(portal, findTask(portal, params), user.ID, (t) =>
        writeTask(t, asRecord(param(params, 'fields'))),
      )
      return { result: { task: taskToWire(portal, task, null) } }
    },
  },
  'tasks.task.get': {
    scope: 'task',
    handler: ({ portal, params, user }) => {
      const select = param(params, 'select')
      if (select !== undefined && !Array.isArray(select))
        throw new RestError(400, '100', 'Invalid value for parameter {select}')
      const task = findTask(portal, params)
      if (!canReadTask(user, task)) throw accessDenied('Access denied')
      return { result: { task: taskToWire(portal, task, select ?? null) } }
    },
  },
  'tasks.task.list': { scope: 'task', handler: ({ portal, params }) => listTasks(portal, params) },
  'tasks.task.complete': {
    scope: 'task',
    handler: ({ portal, params, user }) => {
      const task = changeTask(portal, findTask(portal, params), user.ID, (t) => {
        t.STATUS = 5
        t.CLOSED_DATE = formatB24Date(portal.now())
        t.CLOSED_BY = user.ID
        t.STATUS_CHANGED_BY = user.ID
      })
      return { result: { task: taskToWire(portal, task, null) } }
    },
  },
  // b24restdocs api-reference/tasks/tasks-task-defer.md: status 6 "deferred"; a completed task cannot be deferred.
  'tasks.task.defer': {
    scope: 'task',
    handler: ({ portal, params, user }) => {
      const found = findTask(portal, params)
      if (found.STATUS === 5) throw new RestError(400, '1048582', 'Action on the task is not allowed')
      const task = changeTask(portal, found, user.ID, (t) => {
        t.STATUS = 6
        t.STATUS_CHANGED_BY = user.ID
      })
      return { result: { task: taskToWire(portal, task, null) } }
    },
  },
  // b24restdocs api-reference/tasks/tasks-task-renew.md: reopens a completed task; any other task, or one the
  // user may not touch, is refused with `1048582` "Action on the task is not allowed".
  'tasks.task.renew': {
    scope: 'task',
    handler: ({ portal, params, user }) => {
      const id = asInt(param(params, 'taskId'))
      if (!id) throw new RestError(400, '0', 'wrong task id')
      const task = portal.state.tasks.find((t) => t.ID === id)
      if (!task || task.STATUS !== 5 || !canReadTask(user, task)) {
        throw new RestError(400, '1048582', 'Action on the task is not allowed')
      }
      changeTask(portal, task, user.ID, (t) => {
        t.STATUS = 2
        t.CLOSED_DATE = null
        t.CLOSED_BY = 0
        t.STATUS_CHANGED_BY = user.ID
      })
      return { result: { task: taskToWire(portal, task, null) } }
    },
  },
  'tasks.task.delete': {
    scope: 'task',
    handler: ({ portal, params, user }) => {
      const task = findTask(portal, params)
      portal.state.tasks = portal.state.tasks.filter((t) => t !== task)
      fireTaskEvent(portal, 'ONTASKDELETE', task, user.ID, false)
      return { result: { task: true } }
    },
  },
}
