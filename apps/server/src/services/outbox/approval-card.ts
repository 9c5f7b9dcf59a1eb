/**
 * @module Builds the {@link ApprovalCard} the Messenger port shows, from an approval and the people cache.
 */
import { activeStage, canSendBack, type Approval, type AuditEntry, type ResponseKind } from '../../domain/index.ts'
import type { ApprovalCard, CardDecision } from '../../ports/messenger.ts'

/** Names of people by user id (from the people cache); `null` is the app itself. */
export type NameOf = (userId: number | null) => string

/** The link that opens the approval in the app. */
export function approvalLink(appUrl: string, approval: Approval): string {
  return `${appUrl}/approvals/${approval.id}`
}

const responses: readonly string[] = ['approve', 'reject', 'send-back']

function lastDecision(approval: Approval, nameOf: NameOf): CardDecision | null {
  const entry: AuditEntry | undefined = [...approval.audit].reverse().find((a) => responses.includes(a.action))
  if (!entry || entry.actorId === null) return null
  return {
    approver: { userId: entry.actorId, name: nameOf(entry.actorId) },
    kind: entry.action as ResponseKind,
    comment: entry.comment,
    at: entry.at,
  }
}

/** The card of `approval` as it is now. */
export function buildApprovalCard(approval: Approval, context: { appUrl: string; nameOf: NameOf }): ApprovalCard {
  const round = approval.rounds.at(-1)
  const stage = round?.stages[round.stageIndex]
  const dueAt = activeStage(approval)?.dueAt ?? null
  const own = approval.deadline?.firedAt === null ? approval.deadline.dueAt : null
  return {
    memberId: approval.memberId,
    approvalId: approval.id,
    title: approval.title,
    description: approval.description,
    initiator: { userId: approval.initiatorId, name: context.nameOf(approval.initiatorId) },
    subject: approval.subject,
    status: approval.status,
    isOpen: approval.status === 'pending',
    round: round?.number ?? 1,
    stageNumber: (round?.stageIndex ?? 0) + 1,
    stageCount: round?.stages.length ?? approval.stages.length,
    rule: stage?.rule ?? { kind: 'all' },
    commentPolicy: approval.commentPolicy,
    isSendBackAllowed: canSendBack(approval),
    deadlineAt: dueAt ?? own,
    lastDecision: lastDecision(approval, context.nameOf),
    appUrl: approvalLink(context.appUrl, approval),
  }
}
