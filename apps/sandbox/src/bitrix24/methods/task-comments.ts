/**
 * @module `task.commentitem.add` (§5.8): positional parameters (`[id, {…}]`, `"0"`/`"1"` keys) and the
 * named `TASKID`/`FIELDS` form (§3.2 disagreement: both accepted); fires `ONTASKCOMMENTADD`.
 * `task.commentitem.getlist` (`TASKID`, `ORDER`, `FILTER` by position or by name): newest first by default,
 * ids as strings.
 * @see https://apidocs.bitrix24.com/api-reference/tasks/comment-item/task-comment-item-get-list.html
 */
import { formatB24Date } from '../b24-date.ts'
import { fireEvent } from '../events/dispatcher.ts'
import { nextId } from '../state.ts'
import { applyFilter, applyOrder } from '../rest/list.ts'
import { asInt, asRecord, asText, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

function coreError(text: string): RestError {
  return new RestError(400, 'ERROR_CORE', text)
}

/** The task comment method. */
export const taskCommentMethods: MethodTable = {
  'task.commentitem.add': {
    scope: 'task',
    handler: ({ portal, params, user }) => {
      const rawId = params['0'] ?? param(params, 'TASKID')
      const fields = asRecord(params['1'] ?? param(params, 'FIELDS'))
      const taskId = asInt(rawId, NaN)
      if (!Number.isFinite(taskId))
        throw coreError('Param #0 (taskId) expected to be of type "integer", but given something else.')
      const task = portal.state.tasks.find((t) => t.ID === taskId)
      if (!task) throw coreError('Insufficient permissions to add a comment')
      const message = asText(fields['POST_MESSAGE']).trim()
      if (!message) throw coreError('Comment text is not specified')
      const id = nextId(portal.state, 'taskComment')
      const authorId = asInt(fields['AUTHOR_ID'], user.ID)
      const postDate = asText(fields['POST_DATE']) || formatB24Date(portal.now())
      portal.state.taskComments.push({
        ID: id,
        TASK_ID: taskId,
        AUTHOR_ID: authorId,
        POST_MESSAGE: message,
        POST_DATE: postDate,
      })
      const data = { FIELDS_AFTER: { ID: String(id), TASK_ID: String(taskId) } }
      fireEvent(portal, {
        event: 'ONTASKCOMMENTADD',
        data,
        userId: user.ID,
        scope: 'task',
        objectKey: `TASK_COMMENT_${id}`,
      })
      return { result: id }
    },
  },
  'task.commentitem.getlist': {
    scope: 'task',
    handler: ({ portal, params }) => {
      const taskId = asInt(params['0'] ?? param(params, 'TASKID'), NaN)
      if (!Number.isFinite(taskId))
        throw coreError('Param #0 (taskId) expected to be of type "integer", but given something else.')
      const task = portal.state.tasks.find((t) => t.ID === taskId)
      if (!task) throw coreError('TASKS_ERROR_EXCEPTION_#8; Action failed; 8/TE/ACTION_FAILED_TO_BE_PROCESSED')
      const order = asRecord(params['1'] ?? param(params, 'ORDER'))
      const filter = asRecord(params['2'] ?? param(params, 'FILTER'))
      const authorName = (id: number) => {
        const user = portal.state.users.find((u) => u.ID === id)
        return user ? `${user.NAME} ${user.LAST_NAME}` : ''
      }
      const rows = portal.state.taskComments
        .filter((c) => c.TASK_ID === taskId)
        .map((c) => ({
          POST_MESSAGE_HTML: null,
          ID: String(c.ID),
          AUTHOR_ID: String(c.AUTHOR_ID),
          AUTHOR_NAME: authorName(c.AUTHOR_ID),
          AUTHOR_EMAIL: '',
          POST_DATE: c.POST_DATE,
          POST_MESSAGE: c.POST_MESSAGE,
          ATTACHED_OBJECTS: {},
        }))
      const ordered = applyOrder(applyFilter(rows, filter), Object.keys(order).length ? order : { ID: 'DESC' })
      return { result: ordered }
    },
  },
}
