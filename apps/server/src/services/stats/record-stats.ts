/**
 * @module Keeps the statistics aggregates in step with the approvals. Each approval has a statistics marker: the
 * ids of the facts already counted (`statsFactsOf`), the places waiting for an answer it counts in the per-user
 * pending counters, and the initiator's department fixed at its first counting. Whoever counts an approval — a
 * committed transition or a rebuild — first claims the facts the marker lacks with a compare-and-set, then adds
 * them to the documents of `stats-days.ts`. So a fact is counted at most once, however many commits and rebuilds
 * run at once; a crash between the claim and the addition loses that addition (never doubles it).
 * It also moves the approval in or out of the open-approvals index the "slowest open approvals" table reads.
 */
import {
  calendarDay,
  isOpenApproval,
  statsFactsOf,
  type Approval,
  type StatsFact,
  type UserId,
} from '../../domain/index.ts'
import { ConflictError } from '../../ports/errors.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { approverIds } from '../approvals/approval-records.ts'
import type { PeopleCache } from '../approvals/portal-users.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import {
  addToStatsDoc,
  allAnswerKey,
  answerCellKey,
  anyApprover,
  countCellKey,
  statsDocKey,
  type DayDelta,
  type StatsDims,
} from './stats-days.ts'

/** The ordered index of open approvals (pending or returned), scored by creation time: oldest first. */
export function openApprovalsIndex(memberId: string): string {
  return tenantKey(memberId, 'ix-open')
}

/**
 * An approval's statistics marker. `counted`, `seq` and `pending` are absent on markers written before they
 * existed (only the department was kept then).
 */
export interface StatsMarker {
  departmentId: number | null
  counted?: string[]
  /** The audit sequence number of the newest state counted. */
  seq?: number
  /** The users whose waiting places this approval adds to the pending counters (one entry per place). */
  pending?: UserId[]
  /** The dimensions and approvers of the newest state counted, so the slowest-open scan filters without the approval. */
  dims?: StatsDims
  approverIds?: UserId[]
}

/** The key of an approval's statistics marker. */
export function statsMarkerKey(memberId: string, approvalId: string): string {
  return tenantKey(memberId, 'stats', 'dims', approvalId)
}

/** The key of the portal's pending counters: user id → places waiting for their answer now. */
export function pendingCountersKey(memberId: string): string {
  return tenantKey(memberId, 'stats', 'pending')
}

/** The initiator's main department from the portal's cached people (`null` when not cached). */
export async function departmentsFromPeople(store: Store, memberId: string) {
  const people = (await store.get<PeopleCache>(tenantKey(memberId, 'people')))?.value
  return (userId: number): number | null => people?.org.userDepartments[String(userId)]?.[0] ?? null
}

/** The initiator's department the approval is counted in: the marker's, else the cached people's today. */
export async function departmentOfApproval(store: Store, approval: Approval): Promise<number | null> {
  const marker = await store.get<StatsMarker>(statsMarkerKey(approval.memberId, approval.id))
  if (marker) return marker.value.departmentId
  return (await departmentsFromPeople(store, approval.memberId))(approval.initiatorId)
}

/** The dimensions an approval's facts are counted under, with the initiator's department given. */
export function statsDims(approval: Approval, departmentId: number | null): StatsDims {
  const subject = approval.subject
  return {
    ...{ templateId: approval.templateId, initiatorId: approval.initiatorId, departmentId },
    subjectKind: subject?.kind ?? null,
    pipelineId: subject?.kind === 'deal' ? (subject.pipelineId ?? null) : null,
  }
}

/** The users of the places waiting for an answer now: unanswered seats of the active stage of a pending approval. */
export function waitingPlaces(approval: Approval): UserId[] {
  if (approval.status !== 'pending') return []
  const round = approval.rounds.at(-1)
  const stage = round?.stages[round.stageIndex]
  return (stage?.seats ?? []).filter((seat) => seat.response === null).map((seat) => seat.userId)
}

/** The additions `facts` make, per statistics document key (days and months in `timeZone`). */
export function statsDeltas(
  memberId: string,
  facts: StatsFact[],
  dims: StatsDims,
  timeZone: string,
): Map<string, DayDelta> {
  const docs = new Map<string, DayDelta>()
  const into = (view: Parameters<typeof statsDocKey>[1], period: string, part?: string | number) => {
    const key = statsDocKey(memberId, view, period, part)
    const delta = docs.get(key) ?? { counts: [], answers: [] }
    docs.set(key, delta)
    return delta
  }
  for (const fact of facts) {
    const day = calendarDay(fact.at, timeZone)
    const all = [into('all', day), into('all', day.slice(0, 7))]
    // The cube's cells go to the template's share too, so a template filter reads that share only.
    const cube = [into('cube', day), ...(dims.templateId === null ? [] : [into('template', day, dims.templateId)])]
    if (fact.kind === 'answer') {
      const answer = { minutes: fact.minutes, isLate: fact.isLate }
      const cell = answerCellKey(fact.approverId, fact.stage, dims)
      for (const delta of [...cube, into('approver', day, fact.approverId)]) delta.answers.push({ cell, ...answer })
      const allCell = allAnswerKey(fact.approverId, fact.stage, dims.templateId)
      for (const delta of all) delta.answers.push({ cell: allCell, ...answer })
      continue
    }
    for (const delta of cube) delta.counts.push({ cell: countCellKey(anyApprover, dims), counter: fact.counter })
    for (const approver of fact.approverIds) {
      into('approver', day, approver).counts.push({ cell: countCellKey(approver, dims), counter: fact.counter })
    }
    for (const delta of all) delta.counts.push({ cell: day, counter: fact.counter })
  }
  return docs
}

/** Merges `from` into `into` (per document key). */
export function mergeDeltas(into: Map<string, DayDelta>, from: Map<string, DayDelta>): void {
  for (const [key, delta] of from) {
    const target = into.get(key) ?? { counts: [], answers: [] }
    into.set(key, target)
    target.counts.push(...delta.counts)
    target.answers.push(...delta.answers)
  }
}

/** Adds each document's delta (documents in parallel). */
export async function addDeltas(store: Store, deltas: Map<string, DayDelta>): Promise<void> {
  await Promise.all([...deltas].map(([key, delta]) => addToStatsDoc(store, key, delta)))
}

/** Adds `changes` (user id → places) to the portal's pending counters with compare-and-set. */
export async function addPending(store: Store, memberId: string, changes: Map<UserId, number>): Promise<void> {
  if ([...changes.values()].every((n) => n === 0)) return
  const key = pendingCountersKey(memberId)
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = await store.get<Record<string, number>>(key)
    const next = { ...current?.value }
    for (const [userId, n] of changes) {
      const value = (next[userId] ?? 0) + n
      if (value === 0) delete next[userId]
      else next[userId] = value
    }
    if ((await store.compareAndSet(key, next, current?.version ?? 0)) !== null) return
    await pause(Math.floor(Math.random() * Math.min(attempt, 20)))
  }
  throw new ConflictError('CONCURRENT_UPDATE', 'The pending counters kept changing meanwhile')
}

/** What counting one approval claimed: facts to add, under which dimensions, and pending changes per user. */
export interface CountClaim {
  facts: StatsFact[]
  dims: StatsDims
  pending: Map<UserId, number>
}

const maxAttempts = 200
const pickFilterable = (from: Pick<StatsMarker, 'dims' | 'approverIds'> | undefined) =>
  from?.dims && from.approverIds ? { dims: from.dims, approverIds: from.approverIds } : {}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const seqOf = (approval: Approval) => approval.audit.at(-1)?.seq ?? 0

function pendingChanges(from: UserId[], to: UserId[]): Map<UserId, number> {
  const changes = new Map<UserId, number>()
  for (const userId of from) changes.set(userId, (changes.get(userId) ?? 0) - 1)
  for (const userId of to) changes.set(userId, (changes.get(userId) ?? 0) + 1)
  return changes
}

/**
 * Claims in the approval's marker what `approval` adds to the statistics that is not counted yet: its facts the
 * marker lacks, and (when `approval` is newer than the state counted) the change of its waiting places.
 * Concurrent claimers each get a disjoint share. A marker from before fact ids were kept counts as empty: those
 * counts were in documents this version no longer reads, so the approval is counted again in full.
 * @param departmentOf the department lookup for a first counting (a rebuild reads the people once).
 * @throws ConflictError `CONCURRENT_UPDATE` after 200 lost races.
 */
export async function claimStats(
  store: Store,
  approval: Approval,
  departmentOf?: (userId: number) => number | null,
): Promise<CountClaim> {
  const key = statsMarkerKey(approval.memberId, approval.id)
  const facts = statsFactsOf(approval)
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = await store.get<StatsMarker>(key)
    const marker = current?.value
    const lookup = marker
      ? () => marker.departmentId
      : (departmentOf ?? (await departmentsFromPeople(store, approval.memberId)))
    const departmentId = lookup(approval.initiatorId)
    const already = new Set(marker?.counted ?? [])
    const claimed = facts.filter((fact) => !already.has(fact.id))
    const isNewer = marker?.seq === undefined || seqOf(approval) > marker.seq
    const pending = isNewer ? waitingPlaces(approval) : (marker?.pending ?? [])
    const claim = { facts: claimed, dims: statsDims(approval, departmentId) }
    if (marker && claimed.length === 0 && !isNewer) return { ...claim, pending: new Map() }
    const counted = [...already, ...claimed.map((fact) => fact.id)]
    const seq = Math.max(marker?.seq ?? 0, seqOf(approval))
    const filterable = isNewer ? { dims: claim.dims, approverIds: approverIds(approval) } : marker
    const next: StatsMarker = { departmentId, counted, seq, pending, ...pickFilterable(filterable) }
    if ((await store.compareAndSet(key, next, current?.version ?? 0)) !== null) {
      return { ...claim, pending: pendingChanges(marker?.pending ?? [], pending) }
    }
    await pause(Math.floor(Math.random() * Math.min(attempt, 20)))
  }
  throw new ConflictError('CONCURRENT_UPDATE', 'The statistics marker kept changing meanwhile')
}

/** Moves the approval in or out of the open-approvals index. */
export async function indexOpenness(store: Store, approval: Approval): Promise<void> {
  const index = openApprovalsIndex(approval.memberId)
  if (isOpenApproval(approval)) await store.indexAdd(index, approval.id, Date.parse(approval.createdAt))
  else await store.indexRemove(index, approval.id)
}

/**
 * Records what the transition from `before` (`null` for a new approval) to `after` adds to the statistics.
 * Runs once per committed transition (after its compare-and-set won).
 * @throws ConflictError `CONCURRENT_UPDATE` when a document kept changing for 200 attempts.
 */
export async function recordStats(store: Store, before: Approval | null, after: Approval): Promise<void> {
  if (before === null || isOpenApproval(before) !== isOpenApproval(after)) await indexOpenness(store, after)
  const claim = await claimStats(store, after)
  await addPending(store, after.memberId, claim.pending)
  if (claim.facts.length === 0) return
  const { calendar } = await loadSettings(store, after.memberId)
  await addDeltas(store, statsDeltas(after.memberId, claim.facts, claim.dims, calendar.timeZone))
}
