/**
 * @module The decision transition: an approver approves, rejects or sends back. One send-back returns the
 * whole round to the initiator whatever the stage's rule; approvals and rejections go through the rule.
 */
import type { Approval, DomainContext, Outcome } from './approval.ts'
import type { DecideCommand } from './approval-commands.ts'
import { stageVerdict, tallySeats } from './approval-rules.ts'
import { currentRound, currentStage, endRound, passCurrentStage, taskComplete } from './approval-stages.ts'
import { appendAudit } from './audit.ts'
import { checkComment } from './comment-policy.ts'
import type { Effect } from './effects.ts'
import { checkCardBinding, checkResponse, findDecisionSeat } from './permissions.ts'
import type { Refusal } from './refusal.ts'

/** What the answer does to the round: nothing yet, pass the stage, or end the round with an outcome. */
function consequence(draft: Approval, command: DecideCommand): 'open' | 'pass' | Outcome {
  if (command.response === 'send-back') return 'returned'
  const stage = currentStage(draft)
  const verdict = stageVerdict(stage.rule, tallySeats(stage.seats))
  if (verdict === 'open') return 'open'
  return verdict === 'approved' ? 'pass' : 'rejected'
}

/**
 * Records an approver's answer in their place of the active stage and applies the stage's rule. Refusals:
 * those of `checkCardBinding` for an answer from a Telegram card, those of `findDecisionSeat`, `SEND_BACK_DISABLED` for a send-back the approval does not allow
 * (`checkResponse`), and those of `checkComment` for the approval's comment policy. The initiator hears
 * about every answer but their own (`notify-initiator` `decision`), or about the outcome when another's answer
 * ended the round; a deal's or lead's timeline gets each answer that leaves the approval open.
 */
export function decide(draft: Approval, command: DecideCommand, ctx: DomainContext): Effect[] | Refusal {
  const bound = command.card ? checkCardBinding(draft, command.card, command.actor.userId) : { ok: true as const }
  if (!bound.ok) return bound
  const found = findDecisionSeat(draft, command.actor.userId)
  if (!found.ok) return found
  const response = checkResponse(draft, command.response)
  if (!response.ok) return response
  const checked = checkComment(draft.commentPolicy, command.response, command.comment)
  if (!checked.ok) return checked
  const { seat } = found
  const round = currentRound(draft)
  const stageIndex = round.stageIndex
  seat.response = { kind: command.response, at: ctx.now.toISOString(), comment: checked.comment, channel: ctx.channel }
  const effects: Effect[] = [taskComplete(draft, seat.userId, 'answered'), { type: 'update-cards' }]
  const next = consequence(draft, command)
  if (next === 'pass') effects.push(...passCurrentStage(draft, ctx, command.actor.userId))
  else if (next !== 'open') effects.push(...endRound(draft, next, ctx, command.actor.userId))
  // An initiator who is also an approver is not told about their own answer.
  if (draft.status === 'pending' && seat.userId !== draft.initiatorId) {
    effects.push({ type: 'notify-initiator', event: 'decision', outcome: null })
  }
  // The answer that ends the round is told by the round's own timeline entry, which lists every answer.
  if (draft.status === 'pending' && draft.subject !== null && draft.subject.kind !== 'task') {
    effects.push({ type: 'timeline-comment', event: 'answered', round: round.number })
  }
  appendAudit(draft.audit, {
    at: ctx.now.toISOString(),
    action: command.response,
    actorId: seat.userId,
    actingFor: seat.originalUserId === seat.userId ? null : seat.originalUserId,
    channel: ctx.channel,
    comment: checked.comment,
    round: round.number,
    stageIndex,
    outcome: draft.status === 'pending' ? null : draft.status,
  })
  return effects
}
