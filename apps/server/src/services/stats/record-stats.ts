/**
 * @module Keeps the statistics aggregates in step with the approvals: every committed transition adds the facts
 * it created (`newStatsFacts`) to the day documents of the portal's time zone, and moves the approval in or out
 * of the open-approvals index that the "slowest open approvals" table reads.
 */
import { calendarDay, isOpenApproval, newStatsFacts, type Approval, type StatsFact } from '../../domain/index.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { PeopleCache } from '../approvals/portal-users.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { addToStatsDay, answerCellKey, anyApprover, countCellKey, type DayDelta, type StatsDims } from './stats-days.ts'

/** The ordered index of open approvals (pending or returned), scored by creation time: oldest first. */
export function openApprovalsIndex(memberId: string): string {
  return tenantKey(memberId, 'ix-open')
}

const dimsKey = (memberId: string, approvalId: string) => tenantKey(memberId, 'stats', 'dims', approvalId)

/** The initiator's main department from the portal's cached people (`null` when not cached). */
export async function departmentsFromPeople(store: Store, memberId: string) {
  const people = (await store.get<PeopleCache>(tenantKey(memberId, 'people')))?.value
  return (userId: number): number | null => people?.org.userDepartments[String(userId)]?.[0] ?? null
}

/**
 * The dimensions of an approval. The initiator's department is taken from the portal's cached people the first
 * time and kept with the approval's statistics, so all its facts land in one department even if the initiator
 * moves later. `departmentOf` replaces the cache read (a rebuild reads the people once).
 */
export async function statsDimsOf(
  store: Store,
  approval: Approval,
  departmentOf?: (userId: number) => number | null,
): Promise<StatsDims> {
  const key = dimsKey(approval.memberId, approval.id)
  let departmentId = (await store.get<{ departmentId: number | null }>(key))?.value.departmentId
  if (departmentId === undefined) {
    const lookup = departmentOf ?? (await departmentsFromPeople(store, approval.memberId))
    departmentId = lookup(approval.initiatorId)
    await store.put(key, { departmentId })
  }
  const subject = approval.subject
  return {
    ...{ templateId: approval.templateId, initiatorId: approval.initiatorId, departmentId },
    subjectKind: subject?.kind ?? null,
    pipelineId: subject?.kind === 'deal' ? (subject.pipelineId ?? null) : null,
  }
}

/** The facts grouped by the day (in `timeZone`) they count in, as additions to each day. */
export function dayDeltas(facts: StatsFact[], dims: StatsDims, timeZone: string): Map<string, DayDelta> {
  const days = new Map<string, DayDelta>()
  for (const fact of facts) {
    const day = calendarDay(fact.at, timeZone)
    const delta = days.get(day) ?? { counts: [], answers: [] }
    days.set(day, delta)
    if (fact.kind === 'answer') {
      const cell = answerCellKey(fact.approverId, fact.stage, dims)
      delta.answers.push({ cell, minutes: fact.minutes, isLate: fact.isLate })
      continue
    }
    for (const approver of [anyApprover, ...fact.approverIds] as const) {
      delta.counts.push({ cell: countCellKey(approver, dims), counter: fact.counter })
    }
  }
  return days
}

/**
 * Records what the transition from `before` (`null` for a new approval) to `after` adds to the statistics.
 * Runs once per committed transition (after its compare-and-set won).
 * @throws ConflictError `CONCURRENT_UPDATE` when a day document kept changing for 200 attempts.
 */
export async function recordStats(store: Store, before: Approval | null, after: Approval): Promise<void> {
  const { memberId, id } = after
  const isOpen = isOpenApproval(after)
  if (before === null || isOpenApproval(before) !== isOpen) {
    if (isOpen) await store.indexAdd(openApprovalsIndex(memberId), id, Date.parse(after.createdAt))
    else await store.indexRemove(openApprovalsIndex(memberId), id)
  }
  const facts = newStatsFacts(before, after)
  if (facts.length === 0) return
  const { calendar } = await loadSettings(store, memberId)
  const dims = await statsDimsOf(store, after)
  for (const [day, delta] of dayDeltas(facts, dims, calendar.timeZone)) {
    await addToStatsDay(store, memberId, day, delta)
  }
}
