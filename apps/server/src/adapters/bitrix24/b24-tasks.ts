/**
 * @module The tasks facet of {@link Portal}: an approver's task read back with `tasks.task.get` (status, who
 * completed it, who last changed its status), as the app's own token holder, which created it.
 * @see https://apidocs.bitrix24.com/api-reference/tasks/tasks-task-get.html
 * @see https://apidocs.bitrix24.com/api-reference/tasks/fields.html
 */
import { z } from 'zod'
import { AppError } from '../../ports/errors.ts'
import type { ApproverTasks, TaskState } from '../../ports/portal.ts'
import type { RestClient } from './b24-rest.ts'

/** A user id field: `"0"`, empty or missing means nobody. */
const userId = z.coerce.number().int().positive().nullish().catch(null)

const taskAnswer = z.looseObject({
  task: z.looseObject({
    id: z.coerce.number().int().positive(),
    status: z.coerce.number().int(),
    responsibleId: userId,
    closedBy: userId,
    statusChangedBy: userId,
  }),
})

/** `tasks.task.get` refuses a task it does not have (or will not show) with "Task not found or access denied". */
function isGone(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'BITRIX24_ERROR') return false
  const description = String((error.details as { description?: unknown } | undefined)?.description ?? '')
  return /not found/i.test(description)
}

/** The tasks facet over one portal's REST pipe. */
export function createB24Tasks(rest: RestClient): ApproverTasks {
  return {
    async read(taskId): Promise<TaskState | null> {
      const select = ['ID', 'STATUS', 'RESPONSIBLE_ID', 'CLOSED_BY', 'STATUS_CHANGED_BY']
      try {
        const { task } = taskAnswer.parse(await rest.call('tasks.task.get', { taskId, select }))
        return {
          ...{ id: task.id, status: task.status, responsibleId: task.responsibleId ?? null },
          ...{ closedBy: task.closedBy ?? null, statusChangedBy: task.statusChangedBy ?? null },
        }
      } catch (error) {
        if (isGone(error)) return null
        throw error
      }
    },
  }
}
