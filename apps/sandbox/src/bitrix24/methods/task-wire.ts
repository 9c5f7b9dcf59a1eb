/**
 * @module A task as `tasks.task.*` return it (§5.7): camelCase keys, ids and numbers as strings, `UF_*`
 * only when selected, `creator`/`responsible` user blocks.
 */
import type { Portal } from '../portal.ts'
import type { TaskRecord } from '../state.ts'
import { asList } from '../rest/params.ts'

function camel(upper: string): string {
  return upper.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
}

function userBlock(portal: Portal, id: number): Record<string, string> {
  const user = portal.state.users.find((u) => u.ID === id)
  return {
    id: String(id),
    name: user ? `${user.NAME} ${user.LAST_NAME}` : '',
    link: `/company/personal/user/${id}/`,
    icon: '/bitrix/images/tasks/default_avatar.png',
    workPosition: user?.WORK_POSITION ?? '',
  }
}

/** Converts a task record to its wire form; `select` (UPPER names) limits the fields, `UF_*` only when selected. */
export function taskToWire(portal: Portal, task: TaskRecord, select: unknown): Record<string, unknown> {
  const wanted = asList(select).map((s) => String(s).toUpperCase())
  const all = wanted.length === 0 || wanted.includes('*')
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(task)) {
    const isUf = key.startsWith('UF_')
    if (key !== 'ID' && !(all && !isUf) && !wanted.includes(key) && !(isUf && wanted.includes('UF_*'))) continue
    if (Array.isArray(value)) out[camel(key)] = value.map(String)
    else out[camel(key)] = value === null ? null : String(value)
  }
  out['subStatus'] = String(task.STATUS)
  out['creator'] = userBlock(portal, task.CREATED_BY)
  out['responsible'] = userBlock(portal, task.RESPONSIBLE_ID)
  return out
}
