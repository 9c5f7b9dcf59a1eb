/**
 * @module `task.commentitem.add` (§5.8): positional parameters (`[id, {…}]`, `"0"`/`"1"` keys) and the
 * named `TASKID`/`FIELDS` form (§3.2 disagreement: both accepted); fires `ONTASKCOMMENTADD`.
 */
import { formatB24Date } from '../b24-date.ts'
import { fireEvent } from '../events/dispatcher.ts'
import { nextId } from '../state.ts'
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
}
