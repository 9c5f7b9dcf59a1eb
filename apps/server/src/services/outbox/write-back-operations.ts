/**
 * @module Turns an effect into the write-back operations that carry it out in the portal, each under its
 * idempotency key `<approvalId>:<seq>:<index>[:part]`. Operations whose write-back switch is off are left out,
 * and so are those with nothing to act on (a timeline entry without a deal or lead, a robot result of an approval
 * no robot started). A rule's stage move has no switch: the admin asked for it in the rule. An approver who gets
 * a task in the same change is not sent a separate notice: the portal notifies the responsible person of a new
 * task itself (one notice per approver). A place of a later round (after a send-back) whose approver already had
 * a task in an earlier round reopens that task (`task-renew`) instead of creating another one (issue #16: one
 * task per approver, however many rounds), unless that task was deleted in Bitrix24. Nothing is written to a
 * deleted task, and a task its approver completed in Bitrix24 (an answer on channel `bitrix24`) is not completed
 * again: it only gets the answer's comment.
 */
import { deletedTaskIds, type Approval, type AuditEntry, type Effect } from '../../domain/index.ts'
import { placeKey, placeOfKey, type TaskPlace, type WriteBackOperation } from '../../ports/portal-write-back.ts'
import type { WriteBack } from '../approvals/approval-settings.ts'
import type { OutboxLedger } from './outbox-ledger.ts'

/** What operations are built from. */
export interface OperationContext {
  approval: Approval
  ledger: OutboxLedger
  writeBack: WriteBack
  /** Approvers who get a task from another user in this change (the portal notifies them of it). */
  taskNotified: ReadonlySet<number>
  /** The audit entry of the change the effects belong to. */
  entry?: AuditEntry | undefined
}

/**
 * The task `place`'s approver had in the newest earlier round (the same stage first), unless another place of
 * the same round took it over; `undefined` when they had none (or in round 1). The answer does not change once
 * the place itself is recorded, so a re-run builds the same operation.
 */
export function earlierTask(
  ledger: OutboxLedger,
  place: TaskPlace,
  deleted: ReadonlySet<number> = new Set(),
): number | undefined {
  if (place.round <= 1) return undefined
  const own = placeKey(place)
  const taken = new Set(
    Object.entries(ledger.tasks)
      .filter(([key]) => key !== own && key.startsWith(`${place.round}:`))
      .map(([, id]) => id),
  )
  const sameStage = (stageIndex: number) => Number(stageIndex === place.stageIndex)
  const candidates = Object.entries(ledger.tasks)
    .map(([key, id]) => ({ ...placeOfKey(key), id }))
    .filter((t) => t.round < place.round && t.userId === place.userId && !taken.has(t.id) && !deleted.has(t.id))
    .sort((a, b) => b.round - a.round || sameStage(b.stageIndex) - sameStage(a.stageIndex))
  return candidates[0]?.id
}

function taskCreate(effect: Extract<Effect, { type: 'task-create' }>, key: string, ctx: OperationContext) {
  const place = { round: effect.round, stageIndex: effect.stageIndex, userId: effect.userId }
  const taskId = earlierTask(ctx.ledger, place, deletedTaskIds(ctx.approval))
  const behalf = effect.behalf ? { behalf: effect.behalf } : {}
  const operation: WriteBackOperation =
    taskId === undefined
      ? { kind: 'task-create', key, place, deadlineAt: effect.deadlineAt, ...behalf }
      : { kind: 'task-renew', key, place, taskId, deadlineAt: effect.deadlineAt, ...behalf }
  return [operation]
}

function taskComplete(effect: Extract<Effect, { type: 'task-complete' }>, key: string, ctx: OperationContext) {
  const taskId = ctx.ledger.tasks[placeKey(effect)]
  if (taskId === undefined || deletedTaskIds(ctx.approval).has(taskId)) return []
  const operations: WriteBackOperation[] = []
  if (ctx.writeBack.taskComments) {
    const authorId = effect.reason === 'answered' ? effect.userId : ctx.approval.initiatorId
    operations.push({ kind: 'task-comment', key: `${key}:comment`, taskId, authorId, reason: effect.reason })
  }
  const completedInPortal = effect.reason === 'answered' && ctx.entry?.channel === 'bitrix24'
  if (!completedInPortal) operations.push({ kind: 'task-complete', key: `${key}:complete`, taskId })
  return operations
}

/** The write-back operations of one effect (none for effects that are not written into the portal). */
export function writeBackOperations(effect: Effect, key: string, ctx: OperationContext): WriteBackOperation[] {
  const { approval, writeBack } = ctx
  switch (effect.type) {
    case 'task-create':
      return writeBack.tasks ? taskCreate(effect, key, ctx) : []
    case 'task-complete':
      return writeBack.tasks ? taskComplete(effect, key, ctx) : []
    case 'timeline-comment': {
      const subject = approval.subject
      if (!writeBack.timeline || !subject || subject.kind === 'task') return []
      return [{ kind: 'timeline-comment', key, event: effect.event }]
    }
    case 'notify-approvers':
      if (!writeBack.notifications) return []
      return effect.userIds
        .filter((userId) => !ctx.taskNotified.has(userId))
        .map((userId): WriteBackOperation => ({
          kind: 'approver-notice',
          key: `${key}:${userId}`,
          userId,
          reason: effect.reason,
        }))
    case 'notify-initiator':
      if (!writeBack.notifications) return []
      return [{ kind: 'initiator-notice', key, event: effect.event, outcome: effect.outcome }]
    case 'robot-result':
      return approval.robotEventToken === null ? [] : [{ kind: 'robot-result', key, outcome: effect.outcome }]
    case 'stage-move': {
      const subject = approval.subject
      if (!subject || subject.kind === 'task') return []
      return [{ kind: 'stage-move', key, stageId: effect.stageId }]
    }
    default:
      return []
  }
}
