/**
 * @module Turns an effect into the Bitrix24 REST commands that carry it out, each under its idempotency key
 * `<approvalId>:<seq>:<index>[:part]`. Commands whose key is already in the ledger, or whose write-back switch
 * is off, are left out. A command that creates something carries its `find`: the lookup that tells, after a
 * lost answer, whether it ran. An approver who gets a task in the same change is not sent a separate
 * notification: Bitrix24 notifies the responsible person of a new task itself (one notice per approver).
 * @see https://apidocs.bitrix24.com/api-reference/tasks/tasks-task-add.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/timeline/comments/crm-timeline-comment-add.html
 * @see https://apidocs.bitrix24.com/api-reference/chats/notifications/im-notify-system-add.html
 */
import type { Approval, AuditEntry, Effect } from '../../domain/index.ts'
import type { RestParams } from '../../ports/portal.ts'
import type { WriteBack } from '../approvals/approval-settings.ts'
import { placeKey, type OutboxLedger } from './outbox-ledger.ts'
import type { WriteBackTexts } from './write-back-texts.ts'

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

/** One REST call of the outbox; `place` is set for `tasks.task.add` (the result's task id is remembered). */
export interface PortalCommand {
  key: string
  method: string
  params: RestParams
  place?: string
  find?: CommandLookup
}

/** What commands are built from. */
export interface CommandContext {
  approval: Approval
  /** The audit entry of the transition that asked for the effects. */
  entry: AuditEntry | undefined
  ledger: OutboxLedger
  writeBack: WriteBack
  /** The words written into Bitrix24, in the portal's write-back language. */
  text: WriteBackTexts
  /** Approvers who get a Bitrix24 task from another user in this change (Bitrix24 notifies them of it). */
  taskNotified: ReadonlySet<number>
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

function taskCreate(effect: Extract<Effect, { type: 'task-create' }>, key: string, ctx: CommandContext) {
  const { approval } = ctx
  const fields: RestParams = {
    TITLE: ctx.text.taskTitle(approval),
    DESCRIPTION: ctx.text.taskDescription(approval),
    RESPONSIBLE_ID: effect.userId,
    CREATED_BY: approval.initiatorId,
    UF_CRM_TASK: crmBinding(approval),
    ...(effect.deadlineAt === null ? {} : { DEADLINE: effect.deadlineAt }),
    ...(approval.subject?.kind === 'task' ? { PARENT_ID: approval.subject.id } : {}),
  }
  const description = String(fields['DESCRIPTION'])
  const find: CommandLookup = {
    method: 'tasks.task.list',
    params: {
      filter: { RESPONSIBLE_ID: effect.userId, CREATED_BY: approval.initiatorId, TITLE: fields['TITLE'] },
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
  const place = placeKey(effect.round, effect.stageIndex, effect.userId)
  return [{ key, method: 'tasks.task.add', params: { fields }, place, find }]
}

function taskComplete(effect: Extract<Effect, { type: 'task-complete' }>, key: string, ctx: CommandContext) {
  const taskId = ctx.ledger.tasks[placeKey(effect.round, effect.stageIndex, effect.userId)]
  if (taskId === undefined) return []
  const commands: PortalCommand[] = []
  if (ctx.writeBack.taskComments) {
    const message =
      effect.reason === 'answered'
        ? ctx.text.decisionText(ctx.entry)
        : ctx.text.taskClosedText(effect.reason, ctx.entry)
    const author = effect.reason === 'answered' ? effect.userId : ctx.approval.initiatorId
    const postMessage = message || '—'
    commands.push({
      key: `${key}:comment`,
      method: 'task.commentitem.add',
      params: { TASKID: taskId, FIELDS: { POST_MESSAGE: postMessage, AUTHOR_ID: author } },
      find: {
        method: 'task.commentitem.getlist',
        params: { TASKID: taskId, ORDER: { ID: 'desc' }, FILTER: { AUTHOR_ID: author } },
        // Not paged: the method answers with every comment of the task.
        pick: (result, owned) =>
          pickUnowned(rowsOf(result), owned, { field: 'POST_MESSAGE', text: postMessage, isPaged: false }),
      },
    })
  }
  commands.push({ key: `${key}:complete`, method: 'tasks.task.complete', params: { taskId } })
  return commands
}

function notify(key: string, userId: number, message: string): PortalCommand {
  return { key, method: 'im.notify.system.add', params: { USER_ID: userId, MESSAGE: message, TAG: key } }
}

function timeline(effect: Extract<Effect, { type: 'timeline-comment' }>, key: string, ctx: CommandContext) {
  const subject = ctx.approval.subject
  if (!ctx.writeBack.timeline || !subject || subject.kind === 'task') return []
  const comment = ctx.text.timelineText(ctx.approval, effect.event)
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
  return [{ key, method: 'crm.timeline.comment.add', params: { fields }, find }]
}

/** The Bitrix24 commands of one effect (none for effects that are not Bitrix24 calls). */
export function portalCommands(effect: Effect, key: string, ctx: CommandContext): PortalCommand[] {
  const { approval, writeBack } = ctx
  switch (effect.type) {
    case 'task-create':
      return writeBack.tasks ? taskCreate(effect, key, ctx) : []
    case 'task-complete':
      return writeBack.tasks ? taskComplete(effect, key, ctx) : []
    case 'timeline-comment':
      return timeline(effect, key, ctx)
    case 'notify-approvers':
      if (!writeBack.notifications) return []
      return effect.userIds
        .filter((userId) => !ctx.taskNotified.has(userId))
        .map((userId) => notify(`${key}:${userId}`, userId, ctx.text.approverNoticeText(approval, effect.reason)))
    case 'notify-initiator': {
      if (!writeBack.notifications) return []
      const message = ctx.text.initiatorNoticeText(approval, effect.event, effect.outcome, ctx.entry)
      return [notify(key, approval.initiatorId, message)]
    }
    case 'robot-result': {
      if (approval.robotEventToken === null) return []
      const params = {
        event_token: approval.robotEventToken,
        return_values: { outcome: effect.outcome },
        log_message: ctx.text.robotLogText(effect.outcome),
      }
      return [{ key, method: 'bizproc.event.send', params }]
    }
    default:
      return []
  }
}
