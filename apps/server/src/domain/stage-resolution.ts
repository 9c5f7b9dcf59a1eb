/**
 * @module Resolving a stage when its turn comes: whether it applies to the approval's subject (amount, pipeline,
 * source), who its roles name (the initiator's head, the subject's responsible, a department's head or members,
 * a workgroup's members),
 * and which absent approvers hand their place to their deputy. Pure: the structure and absences arrive as data.
 */
import type {
  Absence,
  Approval,
  ApproverRole,
  Delegation,
  Directory,
  RoleResolution,
  Seat,
  SkipReason,
  StageCondition,
  StageResolution,
  Subject,
  UserId,
} from './approval.ts'
import { MAX_APPROVERS_PER_STAGE } from './approval-values.ts'
import { headsAbove, type OrgStructure } from './escalation.ts'
import { replaceLeavers } from './stage-leavers.ts'

const noOrg: OrgStructure = { departments: [], userDepartments: {} }

/** How many deputies of deputies are followed before giving up (a chain of absent people, or a cycle). */
const MAX_DEPUTY_HOPS = 3

/** Why `condition` does not hold for `subject`, or `null` when it holds (no condition holds always). */
export function skipReason(condition: StageCondition | null | undefined, subject: Subject | null): SkipReason | null {
  if (!condition) return null
  const min = condition.minAmount
  if (min !== null) {
    const amount = subject?.amount ?? null
    const currency = subject?.currency ?? null
    if (amount === null || currency !== min.currency || amount < min.amount) {
      return { kind: 'amount-below', amount, currency, min }
    }
  }
  if (condition.pipelineIds !== null) {
    const pipelineId = subject?.kind === 'deal' ? (subject.pipelineId ?? null) : null
    if (pipelineId === null || !condition.pipelineIds.includes(pipelineId))
      return { kind: 'pipeline-other', pipelineId }
  }
  if (condition.sourceIds !== null) {
    const sourceId = subject?.sourceId ?? null
    if (sourceId === null || !condition.sourceIds.includes(sourceId)) return { kind: 'source-other', sourceId }
  }
  return null
}

/** The members of department `departmentId` (any of their departments), by id. */
function departmentMembers(org: OrgStructure, departmentId: number): UserId[] {
  return Object.entries(org.userDepartments)
    .filter(([, departments]) => departments.includes(departmentId))
    .map(([userId]) => Number(userId))
    .sort((a, b) => a - b)
}

/** Who `role` names in `approval` (before exclusions), from the structure and groups in `directory`. */
export function roleHolders(role: ApproverRole, approval: Approval, directory: Directory): UserId[] {
  const { org } = directory
  switch (role.kind) {
    case 'initiator-head':
      return headsAbove(org, approval.initiatorId).slice(0, 1)
    case 'responsible': {
      const responsible = approval.subject?.responsibleId ?? null
      return responsible === null ? [] : [responsible]
    }
    case 'department-head': {
      const head = org.departments.find((department) => department.id === role.departmentId)?.headId ?? null
      return head === null ? [] : [head]
    }
    case 'department-members':
      return departmentMembers(org, role.departmentId)
    case 'group-members':
      return [...new Set(directory.groups?.[String(role.groupId)] ?? [])].sort((a, b) => a - b)
  }
}

/** The workgroup ids the roles of `stages` name, each once, in order of appearance. */
export function workgroupIdsOf(stages: readonly { roles?: readonly ApproverRole[] | undefined }[]): number[] {
  const ids = stages.flatMap((stage) =>
    (stage.roles ?? []).flatMap((r) => (r.kind === 'group-members' ? [r.groupId] : [])),
  )
  return [...new Set(ids)]
}

/** The absence of `userId` that covers `now`, if any. */
export function activeAbsence(absences: readonly Absence[], userId: UserId, now: Date): Absence | null {
  const at = now.getTime()
  return absences.find((a) => a.userId === userId && Date.parse(a.startsAt) <= at && at < Date.parse(a.endsAt)) ?? null
}

/**
 * Who takes absent `userId`'s place: their deputy, or the deputy's deputy when that one is away too (at most
 * {@link MAX_DEPUTY_HOPS} hops); never someone in `excluded`. `null` when the user is present or nobody fits.
 */
export function deputyOf(
  absences: readonly Absence[],
  userId: UserId,
  now: Date,
  excluded: ReadonlySet<UserId>,
): UserId | null {
  let current = userId
  for (let hop = 0; hop < MAX_DEPUTY_HOPS; hop += 1) {
    const deputy = activeAbsence(absences, current, now)?.deputyId ?? null
    if (deputy === null || deputy === userId || excluded.has(deputy)) return null
    if (activeAbsence(absences, deputy, now) === null) return deputy
    current = deputy
  }
  return null
}

/** What a stage comes to when it starts: its seats and how they were found. */
export interface StagePlan {
  seats: Seat[]
  resolution: StageResolution
}

/** The configuration of a stage that a plan reads. */
export interface StageConfig {
  approverIds: UserId[]
  roles: ApproverRole[]
  condition: StageCondition | null
}

/**
 * Plans a stage at `now`: skipped when its condition fails for the subject; otherwise the named approvers, then
 * each role's holders (without duplicates, without the initiator unless `isInitiatorAllowed`, at most
 * {@link MAX_APPROVERS_PER_STAGE}), then every leaver's head in their place (see `replaceLeavers`), then every
 * absent holder's deputy in their place. A stage that comes to nobody is skipped with `no-approvers`. Without a
 * `directory`, roles name nobody and nobody is absent or gone.
 */
export function planStage(
  approval: Approval,
  config: StageConfig,
  directory: Directory | undefined,
  now: Date,
  isInitiatorAllowed: boolean,
): StagePlan {
  const skipped = skipReason(config.condition, approval.subject)
  if (skipped !== null) return { seats: [], resolution: { roles: [], delegations: [], skipped } }
  const chosen = [...config.approverIds]
  const isEligible = (id: UserId) => !chosen.includes(id) && (isInitiatorAllowed || id !== approval.initiatorId)
  const roles: RoleResolution[] = config.roles.map((role) => {
    const holders = directory ? roleHolders(role, approval, directory).filter(isEligible) : []
    const room = holders.slice(0, Math.max(0, MAX_APPROVERS_PER_STAGE - chosen.length))
    chosen.push(...room)
    return { role, userIds: room }
  })
  const replaced = replaceLeavers(
    chosen,
    approval,
    directory?.org ?? noOrg,
    directory?.leavers ?? [],
    isInitiatorAllowed,
  )
  const leavers = replaced.leavers.length > 0 ? { leavers: replaced.leavers } : {}
  if (replaced.chosen.length === 0)
    return { seats: [], resolution: { roles, delegations: [], ...leavers, skipped: { kind: 'no-approvers' } } }
  const { seats, delegations } = delegate(replaced.chosen, approval, directory, now, isInitiatorAllowed)
  // A head's place taken for a leaver remembers the leaver as its first holder.
  for (const [leaverId, headId] of replaced.replacedBy) {
    const seat = seats.find((candidate) => candidate.originalUserId === headId)
    if (seat) seat.originalUserId = leaverId
  }
  return { seats, resolution: { roles, delegations, ...leavers, skipped: null } }
}

function delegate(
  chosen: UserId[],
  approval: Approval,
  directory: Directory | undefined,
  now: Date,
  isInitiatorAllowed: boolean,
): { seats: Seat[]; delegations: Delegation[] } {
  const taken = new Set(chosen)
  if (!isInitiatorAllowed) taken.add(approval.initiatorId)
  const delegations: Delegation[] = []
  const seats = chosen.map((userId): Seat => {
    const deputy = directory ? deputyOf(directory.absences, userId, now, taken) : null
    if (deputy === null) return { userId, originalUserId: userId, response: null }
    taken.add(deputy)
    delegations.push({ absentUserId: userId, deputyId: deputy })
    return { userId: deputy, originalUserId: userId, onBehalfOf: userId, response: null }
  })
  return { seats, delegations }
}
