/**
 * @module Escalation: who takes an overdue approver's place, from the portal's structure (departments, their
 * parents and heads, and each user's departments).
 */
import type { UserId } from './approval.ts'

/** A department of the portal's structure. */
export interface Department {
  id: number
  parentId: number | null
  /** The department's head; `null` when it has none. */
  headId: UserId | null
  /** The department's name, for pickers; absent in structures read before it was kept. */
  name?: string
}

/** The portal's structure as the domain needs it: departments and each user's departments (first = main). */
export interface OrgStructure {
  departments: Department[]
  /** User id → department ids, main department first. */
  userDepartments: Record<string, number[]>
}

/**
 * The heads above `userId`, nearest first: the head of the user's main department, or, when the user heads it
 * (or it has no head), the head of the parent department, and so on up to the root. A cycle in the structure
 * stops the walk.
 */
export function headsAbove(org: OrgStructure, userId: UserId): UserId[] {
  const byId = new Map(org.departments.map((department) => [department.id, department]))
  const heads: UserId[] = []
  const seen = new Set<number>()
  let department = byId.get(org.userDepartments[String(userId)]?.[0] ?? Number.NaN)
  while (department !== undefined && !seen.has(department.id)) {
    seen.add(department.id)
    const head = department.headId
    if (head !== null && head !== userId && !heads.includes(head)) heads.push(head)
    department = department.parentId === null ? undefined : byId.get(department.parentId)
  }
  return heads
}

/**
 * The user who takes `approverId`'s place on escalation: the nearest head above the approver who is not in
 * `excluded` (people who already hold a place in the stage); if there is none, the initiator, unless excluded
 * too; `null` when nobody is left (the place then stays with the approver and the stage is only marked overdue).
 */
export function escalationTarget(
  org: OrgStructure,
  approverId: UserId,
  initiatorId: UserId,
  excluded: ReadonlySet<UserId>,
): UserId | null {
  const head = headsAbove(org, approverId).find((candidate) => !excluded.has(candidate))
  if (head !== undefined) return head
  return excluded.has(initiatorId) || initiatorId === approverId ? null : initiatorId
}

/**
 * The next level up for a place already escalated: the head above its current holder in the chain of heads
 * above the place's first holder (or above the current holder when they are not in that chain), skipping
 * `excluded`; `null` at the top of the structure. The initiator is never a fallback here.
 */
export function nextLevelTarget(
  org: OrgStructure,
  seat: { userId: UserId; originalUserId: UserId },
  excluded: ReadonlySet<UserId>,
): UserId | null {
  const chain = headsAbove(org, seat.originalUserId)
  const at = chain.indexOf(seat.userId)
  const above = at >= 0 ? chain.slice(at + 1) : headsAbove(org, seat.userId)
  return above.find((candidate) => !excluded.has(candidate) && candidate !== seat.userId) ?? null
}
