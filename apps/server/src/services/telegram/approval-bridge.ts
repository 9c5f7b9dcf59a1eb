/**
 * @module The approval services (issue 7) as the Telegram bot uses them ({@link TelegramApprovals}): an approver's
 * view of a card with the answers they may give now, decisions on channel `telegram`, and `/pending`.
 * Who may act is the domain's `findDecisionSeat`; this module only translates.
 */
import { allowedResponses, checkCardBinding, findDecisionSeat, type Approval, type UserId } from '../../domain/index.ts'
import { ConflictError, NotFoundError, PermissionError, ValidationError } from '../../ports/errors.ts'
import type { ApprovalCard } from '../../ports/messenger.ts'
import type { Store } from '../../ports/store.ts'
import type { ApproverCardView, CardAction, PressRefusal, SeatProgress } from '../../ports/telegram-bot.ts'
import { decideApproval, type ActionDeps } from '../approvals/act-on-approval.ts'
import { loadApproval } from '../approvals/approval-records.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { listApprovals } from '../approvals/list-approvals.ts'
import { buildApprovalCard } from '../outbox/approval-card.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import type { TelegramApprovals } from './telegram-approvals.ts'

const refusals: readonly PressRefusal[] = [
  'NOT_YOUR_TURN',
  'NOT_AN_APPROVER',
  'ALREADY_ANSWERED',
  'ALREADY_DECIDED',
  'COMMENT_NOT_ALLOWED',
  'COMMENT_TOO_LONG',
  'NOT_ALLOWED',
  'SEND_BACK_DISABLED',
  'ROUND_CHANGED',
]

function asRefusal(code: string): PressRefusal {
  if (code === 'APPROVAL_NOT_FOUND') return 'NOT_FOUND'
  return refusals.find((r) => r === code) ?? 'NOT_ALLOWED'
}

/** A refused action (input, permission, state, missing approval), as opposed to a failure to retry. */
function isRefusal(error: unknown): error is ValidationError {
  const refused = [ValidationError, PermissionError, NotFoundError, ConflictError]
  return refused.some((type) => error instanceof type) && (error as ConflictError).code !== 'CONCURRENT_UPDATE'
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

/** The answers `userId` may give on the stored approval of `card` (for re-rendering delivered cards). */
export async function actionsForCard(store: Store, card: ApprovalCard, userId: UserId): Promise<CardAction[]> {
  const { value } = await loadApproval(store, card.memberId, card.approvalId)
  return actionsOf(value.approval, userId)
}

/** Who in the active stage of the newest round answered what, by name. */
export function progressOf(approval: Approval, nameOf: (userId: UserId) => string): SeatProgress[] {
  const round = approval.rounds.at(-1)
  const stage = round?.stages[round.stageIndex]
  return (stage?.seats ?? []).map((seat) => ({ name: nameOf(seat.userId), response: seat.response?.kind ?? null }))
}

/** What reading names and progress needs. */
export type CardPeopleDeps = Pick<ActionDeps, 'store' | 'people'> & { directory: PortalDirectory | undefined }

async function namesOf(deps: CardPeopleDeps, memberId: string): Promise<(userId: UserId) => string> {
  const directory = deps.directory
  if (!directory) return (userId) => `#${userId}`
  const people = await deps.people.people(memberId, () => directory.portal(memberId))
  const names = new Map(people.users.map((u) => [u.id, u.name]))
  return (userId) => names.get(userId) ?? `#${userId}`
}

/** Progress for the stored approval of `card`, names from the people cache. */
export async function progressForCard(deps: CardPeopleDeps, card: ApprovalCard): Promise<SeatProgress[]> {
  const { value } = await loadApproval(deps.store, card.memberId, card.approvalId)
  return progressOf(value.approval, await namesOf(deps, card.memberId))
}

/** The portal's time zone (its working calendar's), for due times on cards. */
export async function portalTimeZone(store: Store, memberId: string): Promise<string> {
  return (await loadSettings(store, memberId)).calendar.timeZone
}

/** Builds the bot's view of the approval services. */
export function createTelegramApprovals(deps: ActionDeps & { appUrl: string }): TelegramApprovals {
  const viewOf = async (approval: Approval, userId: UserId): Promise<ApproverCardView> => {
    const nameOf = await namesOf(deps, approval.memberId)
    return {
      card: buildApprovalCard(approval, { appUrl: deps.appUrl, nameOf: (id) => (id === null ? '—' : nameOf(id)) }),
      userId,
      actions: actionsOf(approval, userId),
      timeZone: await portalTimeZone(deps.store, approval.memberId),
      progress: progressOf(approval, nameOf),
    }
  }
  return {
    async viewFor(memberId, approvalId, userId, card) {
      const stored = await loadApproval(deps.store, memberId, approvalId).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null
        throw error
      })
      if (!stored) return 'NOT_FOUND'
      const bound = card ? checkCardBinding(stored.value.approval, card, userId) : null
      if (bound && !bound.ok) return asRefusal(bound.code)
      const seat = findDecisionSeat(stored.value.approval, userId)
      return seat.ok ? viewOf(stored.value.approval, userId) : asRefusal(seat.code)
    },
    async decide({ memberId, approvalId, userId, response, comment, card }) {
      const target = { memberId, approvalId, actor: { userId, isAdmin: false }, channel: 'telegram' as const }
      try {
        const decided = await decideApproval(deps, target, { response, comment, card })
        return { ok: true, view: await viewOf(decided, userId) }
      } catch (error) {
        if (!isRefusal(error)) throw error
        return { ok: false, reason: asRefusal(error.code) }
      }
    },
    async pendingFor(memberId, userId) {
      const actor = { userId, isAdmin: false }
      const page = await listApprovals(deps.store, memberId, actor, { role: 'approver', status: 'pending', limit: 20 })
      const open = page.items.filter((approval) => findDecisionSeat(approval, userId).ok)
      return Promise.all(open.map((approval) => viewOf(approval, userId)))
    },
  }
}
