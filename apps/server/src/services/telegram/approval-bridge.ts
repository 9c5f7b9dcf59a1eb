/**
 * @module The approval services as the Telegram bot uses them ({@link TelegramApprovals}): an approver's
 * view of a card with the answers they may give now, decisions on channel `telegram`, and `/pending`.
 * Who may act is the domain's `findDecisionSeat`; this module only translates.
 */
import { checkCardBinding, findDecisionSeat, type Approval, type UserId } from '../../domain/index.ts'
import { ConflictError, NotFoundError, PermissionError, ValidationError } from '../../ports/errors.ts'
import type { ApproverCardView } from '../../ports/messenger.ts'
import type { PressRefusal } from '../../ports/telegram-bot.ts'
import { decideApproval, type ActionDeps } from '../approvals/act-on-approval.ts'
import { approvalLinks, type LinkConfig } from '../approvals/approval-links.ts'
import { loadApproval } from '../approvals/approval-records.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { listApprovals } from '../approvals/list-approvals.ts'
import { approverCardView } from '../outbox/approval-card.ts'
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

/** What reading names needs. */
type CardPeopleDeps = Pick<ActionDeps, 'store' | 'people' | 'directory'>

async function namesOf(deps: CardPeopleDeps, memberId: string): Promise<(userId: UserId) => string> {
  const people = await deps.people.people(memberId, () => deps.directory.portal(memberId))
  const names = new Map(people.users.map((u) => [u.id, u.name]))
  return (userId) => names.get(userId) ?? `#${userId}`
}

/** Builds the bot's view of the approval services. */
export function createTelegramApprovals(deps: ActionDeps & { links: LinkConfig }): TelegramApprovals {
  const viewOf = async (approval: Approval, userId: UserId): Promise<ApproverCardView> => {
    const names = await namesOf(deps, approval.memberId)
    const nameOf = (id: UserId | null) => (id === null ? '—' : names(id))
    const { timeZone } = (await loadSettings(deps.store, approval.memberId)).calendar
    const links = await approvalLinks(deps.store, deps.links, approval.memberId)
    return approverCardView(approval, userId, { linkOf: links.full, webLinkOf: links.standalone, nameOf, timeZone })
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
