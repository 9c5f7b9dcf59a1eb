/**
 * @module Bench data (never imported by product code): many approvals of one portal made with the real domain —
 * created, answered, rejected, sent back, cancelled, some left open — and written straight into the store with
 * the portal index, far faster than through `commitTransition`; `rebuildStatistics` then derives their aggregates.
 */
import { applyCommand, createApproval, type Approval, type ApprovalCommand } from '../apps/server/src/domain/index.ts'
import type { Store } from '../apps/server/src/ports/store.ts'
import { approvalIndex, approvalKey } from '../apps/server/src/services/approvals/approval-records.ts'
import { newApprovalId } from '../apps/server/src/services/approvals/start-approval.ts'
import { roundTheClock } from '../apps/server/src/test-support/seed-approvals.ts'

const day = 86_400_000
const minute = 60_000

/** The i-th approval at `at`, answered per a deterministic spread of outcomes and answer times. */
function approvalOf(i: number, memberId: string, at: number): Approval {
  const ctx = (t: number) => ({ now: new Date(t), channel: 'web' as const, calendar: roundTheClock })
  const approverIds = [2 + (i % 11), 2 + ((i + 5) % 11)].filter((id, k, all) => all.indexOf(id) === k)
  const kind = (['deal', 'lead', 'deal', 'task', null] as const)[i % 5]
  const subject = kind ? { kind, id: 1 + (i % 900), title: `#${i}`, amount: null, currency: null, url: null } : null
  const draft = {
    ...{ title: `Счёт №${i}`, description: '', templateId: [`tpl-${i % 6}`, null][i % 7 === 0 ? 1 : 0] ?? null },
    subject: subject && kind === 'deal' ? { ...subject, pipelineId: i % 3 } : subject,
    stages: [{ approverIds, rule: { kind: 'any' as const } }],
  }
  const created = createApproval({ draft, memberId, initiatorId: 20 + (i % 40) }, { ...ctx(at), id: newApprovalId(at) })
  if (!created.ok) throw new Error(created.message)
  let state = created.state
  const act = (command: ApprovalCommand, t: number) => {
    const result = applyCommand(state, command, ctx(t))
    if (result.ok) state = result.state
  }
  const answerAt = at + ((i * 7919) % (3 * 24 * 60)) * minute
  const actor = { userId: approverIds[0]!, isAdmin: false }
  const outcome = i % 10
  if (outcome < 5) act({ type: 'decide', actor, response: 'approve' }, answerAt)
  else if (outcome < 7) act({ type: 'decide', actor, response: 'reject', comment: 'нет' }, answerAt)
  else if (outcome === 7) act({ type: 'decide', actor, response: 'send-back', comment: 'смета' }, answerAt)
  else if (outcome === 8)
    act({ type: 'cancel', actor: { userId: state.initiatorId, isAdmin: false }, reason: 'x' }, answerAt)
  return state
}

/** Writes `total` approvals created evenly over the last `days` days (so the list's `all` index holds them). */
export async function writeGeneratedApprovals(store: Store, memberId: string, total: number, days: number) {
  const start = Date.now() - days * day
  for (let i = 0; i < total; i += 1) {
    const approval = approvalOf(i, memberId, start + Math.floor((i * days * day) / total))
    await store.put(approvalKey(memberId, approval.id), { approval, outbox: [] })
    await store.indexAdd(approvalIndex.all(memberId), approval.id, Date.parse(approval.createdAt))
  }
}
