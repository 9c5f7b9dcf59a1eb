/**
 * @module Builds what the Messenger port shows, from an approval and the people cache: the {@link ApprovalCard},
 * one approver's view of it (with the answers they may give now) and the update of every delivered card.
 */
import {
  activeStage,
  allowedResponses,
  behalfOf,
  canSendBack,
  type Approval,
  type AuditEntry,
  type ResponseKind,
  type UserId,
} from '../../domain/index.ts'
import type {
  ApprovalCard,
  ApproverCardView,
  CardAction,
  CardDecision,
  CardUpdate,
  SeatProgress,
} from '../../ports/messenger.ts'

/** Names of people by user id (from the people cache); `null` is the app itself. */
export type NameOf = (userId: number | null) => string

/** The full address that opens an approval inside its portal (`approval-links.ts`). */
export type LinkOf = (approvalId: string) => string

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
export function buildApprovalCard(
  approval: Approval,
  context: { linkOf: LinkOf; nameOf: NameOf; webLinkOf?: LinkOf },
): ApprovalCard {
  const appUrl = context.linkOf(approval.id)
  const webUrl = context.webLinkOf?.(approval.id)
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
    appUrl,
    ...(webUrl && webUrl !== appUrl ? { webUrl } : {}),
  }
}

/**
 * The buttons `userId` gets on `approval` now: the domain's allowed answers (no Send back where the approval does
 * not allow it), plus Comment unless the approval takes no comments; none once they answered or it closed.
 */
export function actionsOf(approval: Approval, userId: UserId): CardAction[] {
  const actions: CardAction[] = allowedResponses(approval, userId)
  if (actions.length === 0) return []
  return approval.commentPolicy === 'none' ? actions : [...actions, 'comment']
}

/** Who in the active stage of the newest round answered what, by name. */
export function progressOf(approval: Approval, nameOf: NameOf): SeatProgress[] {
  const round = approval.rounds.at(-1)
  const stage = round?.stages[round.stageIndex]
  return (stage?.seats ?? []).map((seat) => {
    const behalf = behalfOf(seat)
    return {
      name: nameOf(seat.userId),
      response: seat.response?.kind ?? null,
      ...(behalf ? { behalf: { name: nameOf(behalf.userId), reason: behalf.reason } } : {}),
    }
  })
}

/** What card views are made from: the link to the approval, people's names and the portal's time zone. */
export interface CardContext {
  linkOf: LinkOf
  /** The app's own page of an approval (outside the portal). */
  webLinkOf?: LinkOf
  nameOf: NameOf
  timeZone: string
}

/** The card of `approval` as the approver `userId` sees it now, with the buttons they may press. */
export function approverCardView(approval: Approval, userId: UserId, context: CardContext): ApproverCardView {
  return {
    card: buildApprovalCard(approval, context),
    userId,
    actions: actionsOf(approval, userId),
    timeZone: context.timeZone,
    progress: progressOf(approval, context.nameOf),
  }
}

/** The re-rendering of every delivered card of `approval`: the buttons of each approver of any round. */
export function cardUpdate(approval: Approval, context: CardContext): CardUpdate {
  const approvers = new Set(approval.rounds.flatMap((r) => r.stages.flatMap((s) => s.seats.map((seat) => seat.userId))))
  return {
    card: buildApprovalCard(approval, context),
    timeZone: context.timeZone,
    progress: progressOf(approval, context.nameOf),
    actionsByUser: Object.fromEntries([...approvers].map((userId) => [String(userId), actionsOf(approval, userId)])),
  }
}
