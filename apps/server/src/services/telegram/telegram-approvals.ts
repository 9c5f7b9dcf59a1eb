/**
 * @module What the bot needs from the approval services, in plain values: an approver's current view
 * of an approval, a decision, and the approver's open approvals. `approval-bridge.ts` implements it over the
 * approval services; the bot's use cases depend only on this interface.
 */
import type { CardBinding, ResponseKind } from '../../domain/index.ts'
import type { ApproverCardView } from '../../ports/messenger.ts'
import type { PressRefusal } from '../../ports/telegram-bot.ts'

/** A decision's result for the approver who made it. */
export type TelegramDecisionResult = { ok: true; view: ApproverCardView } | { ok: false; reason: PressRefusal }

/** The approval services as the Telegram bot uses them. */
export interface TelegramApprovals {
  /**
   * The card as `userId` sees it now, with the answers they may give; or why they may not act. With `card` (a
   * pressed button's binding), a card of another round or approver is refused first.
   */
  viewFor(
    memberId: string,
    approvalId: string,
    userId: number,
    card?: CardBinding,
  ): Promise<ApproverCardView | PressRefusal>
  /** Records `userId`'s answer (channel `telegram`); every side effect goes through the outbox. */
  decide(input: {
    memberId: string
    approvalId: string
    userId: number
    response: ResponseKind
    comment: string | null
    /** The binding of the card the answer came from (absent for a comment typed after a prompt). */
    card?: CardBinding
  }): Promise<TelegramDecisionResult>
  /** The open approvals where `userId` may answer now, newest first. */
  pendingFor(memberId: string, userId: number): Promise<ApproverCardView[]>
}
