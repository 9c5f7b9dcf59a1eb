/**
 * @module Keeps the approval in step with its approvers' Bitrix24 tasks (issue 16): `ONTASKUPDATE` and
 * `ONTASKDELETE` for a task the app created are recorded in the approval's history — completed, deferred,
 * deleted — and, when the portal's setting says so, an approver completing their own task counts as their
 * approval (channel `bitrix24`). Events for other tasks cost one store read and no portal request. Handlers are
 * idempotent: a repeated delivery finds the change recorded (`ALREADY_RECORDED`) or the answer given.
 */
import { waitingFor, type Approval, type TaskChangeKind, type TaskNotCounted } from '../../domain/index.ts'
import { AppError, ConflictError, PermissionError, ValidationError } from '../../ports/errors.ts'
import type { TaskState } from '../../ports/portal.ts'
import { placeOfKey } from '../../ports/portal-write-back.ts'
import { decideApproval, type ActionDeps } from '../approvals/act-on-approval.ts'
import { loadApproval } from '../approvals/approval-records.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { changeApproval } from '../approvals/commit-transition.ts'
import type { EventHandler, InboxEvent } from '../event-inbox.ts'
import { loadLedger } from '../outbox/outbox-ledger.ts'
import { approvalOfTask } from './task-links.ts'

/** Task statuses (`tasks.task.get` `status`): completed, awaiting the creator's control, deferred. */
const completedStatuses = new Set([4, 5])
const deferredStatus = 6

/** The task id of an `ONTASKUPDATE` / `ONTASKDELETE` (`data[FIELDS_AFTER][ID]`, or `FIELDS_BEFORE` on delete). */
export function taskIdOf(data: unknown): number | null {
  const fields = data as { FIELDS_AFTER?: unknown; FIELDS_BEFORE?: unknown } | null
  for (const side of [fields?.FIELDS_AFTER, fields?.FIELDS_BEFORE]) {
    const id = Number((side as { ID?: unknown } | null | undefined)?.ID)
    if (Number.isSafeInteger(id) && id > 0) return id
  }
  return null
}

/** The approver whose place in the approval's current round has this task; `null` when none has. */
async function placeOfTask(deps: ActionDeps, approval: Approval, taskId: number): Promise<number | null> {
  const ledger = await loadLedger(deps.store, approval.memberId, approval.id)
  const round = approval.rounds.at(-1)?.number
  for (const [key, id] of Object.entries(ledger.tasks)) {
    const place = placeOfKey(key)
    if (id === taskId && place.round === round && place.userId) return place.userId
  }
  return null
}

/** Refusals that mean the change is already reflected (a repeated delivery, an answer given meanwhile). */
const settled = new Set(['ALREADY_RECORDED', 'ALREADY_ANSWERED', 'ALREADY_DECIDED', 'NOT_AN_APPROVER'])

function isSettled(error: unknown): boolean {
  return error instanceof AppError && settled.has(error.code)
}

/** What one task event is about. */
interface TaskEventTarget {
  memberId: string
  approval: Approval
  taskId: number
  userId: number
}

async function record(
  deps: ActionDeps,
  target: TaskEventTarget,
  change: TaskChangeKind,
  actorId: number | null,
  notCounted: TaskNotCounted | null = null,
) {
  const { memberId, approval, taskId, userId } = target
  const note = { taskId, userId, change, notCounted }
  try {
    await changeApproval(deps, { memberId, approvalId: approval.id, channel: 'bitrix24' }, () => ({
      type: 'task-change',
      actorId,
      note,
    }))
  } catch (error) {
    if (!isSettled(error)) throw error
  }
}

/** A completed task: the approver's approval when the setting is on and they closed it, else a history note. */
async function completed(deps: ActionDeps, target: TaskEventTarget, task: TaskState) {
  const { memberId, approval, userId } = target
  if (!waitingFor(approval).includes(userId)) return
  const completer = task.closedBy ?? task.statusChangedBy
  const settings = await loadSettings(deps.store, memberId)
  if (!settings.isTaskCompletionApproval) return record(deps, target, 'completed', completer, 'setting-off')
  if (completer !== userId) return record(deps, target, 'completed', completer, 'not-the-approver')
  const actor = { userId, isAdmin: false }
  try {
    await decideApproval(
      deps,
      { memberId, approvalId: approval.id, actor, channel: 'bitrix24' },
      { response: 'approve' },
    )
  } catch (error) {
    if (isSettled(error)) return
    const isRefusal = [ValidationError, PermissionError, ConflictError].some((kind) => error instanceof kind)
    if (!isRefusal) throw error
    await record(deps, target, 'completed', completer, (error as AppError).code as TaskNotCounted)
  }
}

async function handle(deps: ActionDeps, event: InboxEvent) {
  const taskId = taskIdOf(event.data)
  if (taskId === null) return
  const approvalId = await approvalOfTask(deps.store, event.memberId, taskId)
  if (approvalId === null) return
  const approval = (await loadApproval(deps.store, event.memberId, approvalId)).value.approval
  if (approval.status !== 'pending' && approval.status !== 'returned') return
  const userId = await placeOfTask(deps, approval, taskId)
  if (userId === null) return
  const target = { memberId: event.memberId, approval, taskId, userId }
  if (event.event === 'ONTASKDELETE') return record(deps, target, 'deleted', event.userId ?? null)
  const task = await (await deps.directory.portal(event.memberId)).tasks.read(taskId)
  if (task === null) return record(deps, target, 'deleted', event.userId ?? null)
  if (completedStatuses.has(task.status)) return completed(deps, target, task)
  if (task.status === deferredStatus && waitingFor(approval).includes(userId)) {
    return record(deps, target, 'deferred', task.statusChangedBy)
  }
}

/** The inbox handlers of `ONTASKUPDATE` and `ONTASKDELETE`. */
export function taskEventHandlers(deps: ActionDeps): Map<string, EventHandler> {
  const handler: EventHandler = (event) => handle(deps, event)
  return new Map([
    ['ONTASKUPDATE', handler],
    ['ONTASKDELETE', handler],
  ])
}
