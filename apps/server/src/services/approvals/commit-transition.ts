/**
 * @module Commits an accepted transition: arms the outbox safety net, writes the new state together with its
 * effects in one compare-and-set, keeps the list indexes in step, moves the timers, and asks the outbox to run
 * the effects now. Changes of an existing approval re-read and re-apply on a lost race, so concurrent answers
 * never overwrite each other.
 */
import { applyCommand, type Approval, type ApprovalCommand, type Channel, type Transition } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { ConflictError } from '../../ports/errors.ts'
import type { Store, Versioned } from '../../ports/store.ts'
import { outboxDoneThroughSeq } from '../outbox/outbox-ledger.ts'
import { armOutbox, recoveryDelayMs } from '../outbox/outbox-queue.ts'
import type { OutboxWorker } from '../outbox/outbox-worker.ts'
import { scheduleTimer } from '../outbox/timer-queue.ts'
import { addedScopes, indexApproval, reindexApproval } from './approval-indexes.ts'
import { loadApproval, saveTransition, type ApprovalRecord } from './approval-records.ts'
import { loadSettings } from './approval-settings.ts'
import { recordStats } from '../stats/record-stats.ts'
import { refusalError } from './refusal-errors.ts'
import type { StageDirectory } from './stage-directory.ts'

/** What committing needs. */
export interface CommitDeps {
  store: Store
  clock: Clock
  outbox: OutboxWorker
  /** What starting stages resolve roles and deputies against; without it stages seat only named approvers. */
  stageDirectory?: StageDirectory
}

/**
 * Writes `transition` over `current` (`null` for a new approval) and returns the new state.
 * @throws ConflictError `CONCURRENT_UPDATE` when another write won (nothing was written).
 */
export async function commitTransition(
  deps: CommitDeps,
  current: Versioned<ApprovalRecord> | null,
  transition: Transition,
): Promise<Approval> {
  const state = transition.state
  const item = { memberId: state.memberId, approvalId: state.id }
  const seq = state.audit.at(-1)?.seq ?? 0
  await armOutbox(deps.store, item, deps.clock.now() + recoveryDelayMs)
  const before = current?.value.approval ?? null
  const added = addedScopes(before, state)
  if (added.length > 0) await indexApproval(deps.store, state, added)
  const doneThroughSeq = await outboxDoneThroughSeq(deps.store, state.memberId, state.id)
  await saveTransition(deps.store, current, state, { seq, effects: transition.effects }, doneThroughSeq)
  if (before !== null) await reindexApproval(deps.store, before, state)
  await recordStats(deps.store, before, state)
  for (const effect of transition.effects) {
    if (effect.type !== 'schedule') continue
    await scheduleTimer(deps.store, { ...item, timer: effect.timer }, effect.dueAt)
  }
  deps.outbox.kick(item)
  return state
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const maxAttempts = 200

/**
 * Applies a command to the stored approval and commits it, retrying on a lost compare-and-set with the fresh
 * state (so 50 approvers answering at once all land, or get the domain's refusal).
 * @throws NotFoundError `APPROVAL_NOT_FOUND`; the refusal's error (400/403/409); ConflictError
 * `CONCURRENT_UPDATE` only after {@link maxAttempts} lost races.
 */
export async function changeApproval(
  deps: CommitDeps,
  target: { memberId: string; approvalId: string; channel: Channel },
  command: (approval: Approval) => ApprovalCommand | Promise<ApprovalCommand>,
): Promise<Approval> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await loadApproval(deps.store, target.memberId, target.approvalId)
    const { calendar, reminderIntervalMinutes } = await loadSettings(deps.store, target.memberId)
    const next = await command(current.value.approval)
    // A resubmit that edits the stages starts those: its roles and people are what the directory must cover.
    const editedStages = next.type === 'resubmit' ? next.changes.stages : undefined
    const directory = await deps.stageDirectory?.load(current.value.approval, target.memberId, editedStages)
    const ctx = {
      ...{ now: new Date(deps.clock.now()), channel: target.channel, calendar },
      reminderIntervalMs: reminderIntervalMinutes * 60_000,
      ...(directory ? { directory } : {}),
    }
    const result = applyCommand(current.value.approval, next, ctx)
    if (!result.ok) throw refusalError(result)
    try {
      return await commitTransition(deps, current, result)
    } catch (error) {
      const isLostRace = error instanceof ConflictError && error.code === 'CONCURRENT_UPDATE'
      if (!isLostRace || attempt >= maxAttempts) throw error
      await pause(Math.floor(Math.random() * Math.min(attempt, 20)))
    }
  }
}
