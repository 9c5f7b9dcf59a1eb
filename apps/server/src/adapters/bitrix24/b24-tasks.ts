/**
 * @module The tasks facet of {@link Portal}: an approver's task read back with `tasks.task.get` (status, who
 * completed it, who last changed its status), as the app's own token holder, which created it. The read goes
 * through the portal's batch queue (issue #22): each completion the outbox writes comes back as an
 * `ONTASKUPDATE`, and those reads share the write-back's `batch` requests instead of costing one request each.
 * @see https://apidocs.bitrix24.com/api-reference/tasks/tasks-task-get.html
 * @see https://apidocs.bitrix24.com/api-reference/tasks/fields.html
 */
import { z } from 'zod'
import { AppError } from '../../ports/errors.ts'
import type { ApproverTasks, TaskState } from '../../ports/portal.ts'
import { resultOf } from './b24-rest.ts'
import type { BatchQueue } from './batch-queue.ts'

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

/** The tasks facet over one portal's batch queue. */
export function createB24Tasks(batches: BatchQueue): ApproverTasks {
  return {
    async read(taskId): Promise<TaskState | null> {
      const select = ['ID', 'STATUS', 'RESPONSIBLE_ID', 'CLOSED_BY', 'STATUS_CHANGED_BY']
      try {
        const outcomes = await batches.batch({ task: ['tasks.task.get', { taskId, select }] })
        const { task } = taskAnswer.parse(resultOf(outcomes['task']!))
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
