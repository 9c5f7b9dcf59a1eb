/**
 * @module Renders write-back operations as the Bitrix24 REST commands that carry them out, each under the
 * operation's idempotency key. A command that creates something carries its `find`: the lookup that tells,
 * after a lost answer, whether it ran.
 * @see https://apidocs.bitrix24.com/api-reference/tasks/tasks-task-add.html
 * @see https://apidocs.bitrix24.com/api-reference/tasks/tasks-task-renew.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/timeline/comments/crm-timeline-comment-add.html
 * @see https://apidocs.bitrix24.com/api-reference/chats/notifications/im-notify-system-add.html
 * @see https://apidocs.bitrix24.com/api-reference/bizproc/bizproc-event-send.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/deals/crm-deal-update.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-update.html
 */
import { robotVerdict, type Approval } from '../../domain/index.ts'
import { placeKey, type WriteBackOperation, type WriteBackRequest } from '../../ports/portal-write-back.ts'
import { robotReturnValues } from './b24-automation.ts'
import type { RestParams } from './b24-rest.ts'
import { writeBackTexts, type WriteBackTexts } from './write-back-texts.ts'

/** Rows in one page of a Bitrix24 list (`tasks.task.list`, `crm.timeline.comment.list`); `start` moves by it. */
export const listPageSize = 50

/**
 * What one page of a lookup tells: the creating command's result (as the command itself would have returned it)
 * when its entity is there, or else whether a further page may hold it.
 */
export type LookupAnswer = { found: unknown } | { hasNextPage: boolean }

/** How to find, in the portal, what a creating command made when the answer to it was lost. */
export interface CommandLookup {
  /** A list method, newest first, so the entity sought is on an early page. */
  method: string
  /** The params of the first page; a later page adds `start` (a multiple of {@link listPageSize}). */
  params: RestParams
  /** Picks the command's entity from one page of the lookup's result, skipping ids the outbox already owns. */
  pick: (result: unknown, owned: ReadonlySet<number>) => LookupAnswer
}

/** One REST call of a write-back; `place` is set for a task creation (the result's task id is remembered). */
export interface PortalCommand {
  key: string
  /** The operation kind it carries out: the ledger's `owned` ids are kept by it. */
  kind: WriteBackOperation['kind']
  method: string
  params: RestParams
  place?: string
  find?: CommandLookup
}

/** The same text, whatever whitespace the portal normalised. */
function sameText(stored: unknown, sent: string): boolean {
  const norm = (value: string) => value.replace(/\s+/g, ' ').trim()
  return norm(String(stored ?? '')) === norm(sent)
}

/** Rows of a list result: a plain list, or the list under `key` (`{ tasks: [...] }`). */
function rowsOf(result: unknown, key?: string): Record<string, unknown>[] {
  const rows = key === undefined ? result : (result as Record<string, unknown> | null)?.[key]
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []
}

/**
 * The id of the first row not owned yet whose `field` holds `text`, as the creating command's result (`wrap`);
 * a page without it that is full (`isPaged` lists give {@link listPageSize} rows a page) may have a next one.
 */
function pickUnowned(
  rows: Record<string, unknown>[],
  owned: ReadonlySet<number>,
  match: { field: string; text: string; isPaged: boolean; wrap?: (id: number) => unknown },
): LookupAnswer {
  const row = rows.find((r) => !owned.has(Number(r['ID'] ?? r['id'])) && sameText(r[match.field], match.text))
  if (row === undefined) return { hasNextPage: match.isPaged && rows.length >= listPageSize }
  const id = Number(row['ID'] ?? row['id'])
  return { found: match.wrap ? match.wrap(id) : id }
}

function crmBinding(approval: Approval): string[] {
  const subject = approval.subject
  if (subject?.kind === 'deal') return [`D_${subject.id}`]
  if (subject?.kind === 'lead') return [`L_${subject.id}`]
  return []
}

/** The approval's Drive files on its tasks: `UF_TASK_WEBDAV_FILES` takes Drive ids prefixed with `n` (issue 21). */
function taskFiles(approval: Approval): RestParams {
  const ids = (approval.attachments ?? []).flatMap((a) => (a.diskFileId === null ? [] : [`n${a.diskFileId}`]))
  return ids.length > 0 ? { UF_TASK_WEBDAV_FILES: ids } : {}
}

type Op<K extends WriteBackOperation['kind']> = Extract<WriteBackOperation, { kind: K }>

function taskCreate(op: Op<'task-create'>, approval: Approval, text: WriteBackTexts): PortalCommand {
  const fields: RestParams = {
    TITLE: text.taskTitle(approval, op.behalf),
    DESCRIPTION: text.taskDescription(approval, op.behalf),
    RESPONSIBLE_ID: op.place.userId,
    CREATED_BY: approval.initiatorId,
    UF_CRM_TASK: crmBinding(approval),
    ...(op.deadlineAt === null ? {} : { DEADLINE: op.deadlineAt }),
    ...(approval.subject?.kind === 'task' ? { PARENT_ID: approval.subject.id } : {}),
    ...taskFiles(approval),
  }
  const description = String(fields['DESCRIPTION'])
  const find: CommandLookup = {
    method: 'tasks.task.list',
    params: {
      filter: { RESPONSIBLE_ID: op.place.userId, CREATED_BY: approval.initiatorId, TITLE: fields['TITLE'] },
      select: ['ID', 'DESCRIPTION'],
      order: { ID: 'desc' },
    },
    pick: (result, owned) => {
      const wrap = (id: number) => ({ task: { id } })
      return pickUnowned(rowsOf(result, 'tasks'), owned, {
        field: 'description',
        text: description,
        isPaged: true,
        wrap,
      })
    },
  }
  const { key, kind } = op
  return { key, kind, method: 'tasks.task.add', params: { fields }, place: placeKey(op.place), find }
}

/**
 * Reopens an earlier round's task for a place of a new round: `tasks.task.update` writes the approval's current
 * title, description and deadline (idempotent), then `tasks.task.renew` reopens it. Bitrix24 refuses to renew a
 * task that is not completed, so a renewal whose answer was lost is looked up instead of sent again: a task no
 * longer completed (status 5) was renewed.
 */
function taskRenew(op: Op<'task-renew'>, approval: Approval, text: WriteBackTexts): PortalCommand[] {
  const fields: RestParams = {
    TITLE: text.taskTitle(approval, op.behalf),
    DESCRIPTION: text.taskDescription(approval, op.behalf),
    ...(op.deadlineAt === null ? {} : { DEADLINE: op.deadlineAt }),
  }
  const wrap = { task: { id: op.taskId } }
  const find: CommandLookup = {
    method: 'tasks.task.list',
    params: { filter: { ID: op.taskId }, select: ['ID', 'STATUS'] },
    pick: (result) => {
      const row = rowsOf(result, 'tasks')[0]
      return row && String(row['status'] ?? row['STATUS']) !== '5' ? { found: wrap } : { hasNextPage: false }
    },
  }
  const place = placeKey(op.place)
  return [
    { key: `${op.key}:update`, kind: op.kind, method: 'tasks.task.update', params: { taskId: op.taskId, fields } },
    { key: op.key, kind: op.kind, method: 'tasks.task.renew', params: { taskId: op.taskId }, place, find },
  ]
}

function taskComment(op: Op<'task-comment'>, request: WriteBackRequest, text: WriteBackTexts): PortalCommand {
  const message =
    op.reason === 'answered' ? text.decisionText(request.entry) : text.taskClosedText(op.reason, request.entry)
  const postMessage = message || '—'
  return {
    ...{ key: op.key, kind: op.kind, method: 'task.commentitem.add' },
    params: { TASKID: op.taskId, FIELDS: { POST_MESSAGE: postMessage, AUTHOR_ID: op.authorId } },
    find: {
      method: 'task.commentitem.getlist',
      params: { TASKID: op.taskId, ORDER: { ID: 'desc' }, FILTER: { AUTHOR_ID: op.authorId } },
      // Not paged: the method answers with every comment of the task.
      pick: (result, owned) =>
        pickUnowned(rowsOf(result), owned, { field: 'POST_MESSAGE', text: postMessage, isPaged: false }),
    },
  }
}

/** A notification under its key as `TAG`: a repeated one replaces its older twin instead of adding one. */
function notify(op: WriteBackOperation, userId: number, message: string): PortalCommand {
  const params = { USER_ID: userId, MESSAGE: message, TAG: op.key }
  return { key: op.key, kind: op.kind, method: 'im.notify.system.add', params }
}

function timeline(op: Op<'timeline-comment'>, request: WriteBackRequest, text: WriteBackTexts): PortalCommand[] {
  const { approval } = request
  const subject = approval.subject
  if (!subject || subject.kind === 'task') return []
  const comment = text.timelineText(approval, op.event, request.entry)
  const fields = { ENTITY_TYPE: subject.kind, ENTITY_ID: subject.id, COMMENT: comment }
  const find: CommandLookup = {
    method: 'crm.timeline.comment.list',
    params: {
      filter: { ENTITY_ID: subject.id, ENTITY_TYPE: subject.kind },
      select: ['ID', 'COMMENT'],
      order: { ID: 'DESC' },
    },
    pick: (result, owned) => pickUnowned(rowsOf(result), owned, { field: 'COMMENT', text: comment, isPaged: true }),
  }
  return [{ key: op.key, kind: op.kind, method: 'crm.timeline.comment.add', params: { fields }, find }]
}

function robotResult(op: Op<'robot-result'>, approval: Approval, text: WriteBackTexts): PortalCommand[] {
  if (approval.robotEventToken === null) return []
  const verdict = robotVerdict(approval, op.outcome)
  const params = {
    event_token: approval.robotEventToken,
    return_values: robotReturnValues(verdict, text.robotAnswersText(verdict.answers)),
    log_message: text.robotLogText(op.outcome),
  }
  return [{ key: op.key, kind: op.kind, method: 'bizproc.event.send', params }]
}

/**
 * Moves the deal (`STAGE_ID`) or lead (`STATUS_ID`) to the stage the rule asks for. Idempotent in Bitrix24 itself
 * (moving an item to the stage it is in changes nothing), so a resend after a lost answer needs no lookup.
 */
function stageMove(op: Op<'stage-move'>, approval: Approval): PortalCommand[] {
  const subject = approval.subject
  if (subject?.kind === 'deal') {
    const params = { id: subject.id, fields: { STAGE_ID: op.stageId } }
    return [{ key: op.key, kind: op.kind, method: 'crm.deal.update', params }]
  }
  if (subject?.kind === 'lead') {
    const params = { id: subject.id, fields: { STATUS_ID: op.stageId } }
    return [{ key: op.key, kind: op.kind, method: 'crm.lead.update', params }]
  }
  return []
}

function commandsOf(op: WriteBackOperation, request: WriteBackRequest, text: WriteBackTexts): PortalCommand[] {
  const { approval } = request
  switch (op.kind) {
    case 'task-create':
      return [taskCreate(op, approval, text)]
    case 'task-renew':
      return taskRenew(op, approval, text)
    case 'task-comment':
      return [taskComment(op, request, text)]
    case 'task-complete':
      return [{ key: op.key, kind: op.kind, method: 'tasks.task.complete', params: { taskId: op.taskId } }]
    case 'approver-notice':
      return [notify(op, op.userId, text.approverNoticeText(approval, op.reason))]
    case 'initiator-notice': {
      const message = text.initiatorNoticeText(approval, op.event, op.outcome, request.entry)
      return [notify(op, approval.initiatorId, message)]
    }
    case 'timeline-comment':
      return timeline(op, request, text)
    case 'robot-result':
      return robotResult(op, approval, text)
    case 'stage-move':
      return stageMove(op, approval)
  }
}

/** The REST commands of a write-back request, in the order of its operations. */
export function writeBackCommands(request: WriteBackRequest): PortalCommand[] {
  const text = writeBackTexts(request.style)
  return request.operations.flatMap((op) => commandsOf(op, request, text))
}
