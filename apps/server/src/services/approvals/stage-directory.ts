/**
 * @module What stages are resolved against when they start: the portal's structure (from the people cache), its
 * leavers (`portal-leavers.ts`), the absences known now — those set in the app and, when the portal's setting
 * says so, the spans Bitrix24 calendars mark `absent` (whose places go to the absent person's nearest head) — and
 * the members of the workgroups its stages name (read from the portal, trusted for a minute). Read only when the
 * approval has a stage still to start, so answering the last stage costs nothing extra.
 */
import {
  headsAbove,
  workgroupIdsOf,
  type Absence,
  type Approval,
  type ApproverRole,
  type Directory,
  type OrgStructure,
  type UserId,
} from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { loadAbsences } from './absences.ts'
import { loadLeavers } from './portal-leavers.ts'
import { loadSettings } from './approval-settings.ts'
import type { PortalPeople } from './portal-users.ts'

/** Loads the directory a portal's stages are resolved against. */
export interface StageDirectory {
  /**
   * The directory for `approval`'s next stage starts; `undefined` when no stage is left to start.
   * @throws the Portal port's errors when the people cache or the portal's absences must be fetched and cannot be.
   */
  load(approval: Approval | null, memberId: string, draftStages?: readonly StageRoles[]): Promise<Directory | undefined>
}

/** What the loader reads of a stage: its roles and the people it names. */
export interface StageRoles {
  roles?: readonly ApproverRole[] | undefined
  approverIds?: readonly UserId[] | undefined
}

/** How long a workgroup's members are trusted: answers given together read the portal once. */
export const groupMembersTtlMs = 60_000

interface GroupCache {
  fetchedAt: number
  members: UserId[] | null
}

/** How long the portal's calendar absences are trusted. */
export const portalAbsencesTtlMs = 10 * 60_000

interface AbsenceCache {
  fetchedAt: number
  absences: Absence[]
}

const emptyOrg: OrgStructure = { departments: [], userDepartments: {} }

/**
 * The roles of the stages still to start: of the current round, or of the next round when it was returned (the
 * stages a resubmit brings, `draftStages`, when it edits them).
 */
function stagesAhead(approval: Approval | null, draftStages?: readonly StageRoles[]): readonly StageRoles[] | null {
  if (approval === null) return draftStages ?? null
  if (approval.status === 'returned') return draftStages ?? approval.stages
  return (approval.rounds.at(-1)?.stages ?? []).filter((stage) => stage.startedAt === null)
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Creates the loader over the store, the people cache and the portals' clients. */
export function createStageDirectory(deps: {
  store: Store
  clock: Clock
  people: PortalPeople
  directory: PortalDirectory
}): StageDirectory {
  async function portalAbsences(memberId: string, org: OrgStructure, userIds: number[]): Promise<Absence[]> {
    const key = tenantKey(memberId, 'portal-absences')
    const now = deps.clock.now()
    const cached = (await deps.store.get<AbsenceCache>(key))?.value
    if (cached && now - cached.fetchedAt < portalAbsencesTtlMs) return cached.absences
    const portal = await deps.directory.portal(memberId)
    const spans = await portal.people.absences(userIds, day(now), day(now + 86_400_000))
    const absences = spans.map((span) => ({ ...span, deputyId: headsAbove(org, span.userId)[0] ?? null }))
    await deps.store.put(key, { fetchedAt: now, absences })
    return absences
  }

  async function groupMembers(memberId: string, groupId: number): Promise<UserId[] | null> {
    const key = tenantKey(memberId, 'group-members', String(groupId))
    const now = deps.clock.now()
    const cached = (await deps.store.get<GroupCache>(key))?.value
    if (cached && now - cached.fetchedAt < groupMembersTtlMs) return cached.members
    const members = await (await deps.directory.portal(memberId)).groups.members(groupId)
    await deps.store.put(key, { fetchedAt: now, members })
    return members
  }

  /** The active members of every workgroup the stages ahead name (deactivated users are left out). */
  async function groups(memberId: string, ahead: readonly StageRoles[] | null, active: ReadonlySet<UserId>) {
    const entries = await Promise.all(
      workgroupIdsOf(ahead ?? []).map(async (id) => [
        String(id),
        ((await groupMembers(memberId, id)) ?? []).filter((u) => active.has(u)),
      ]),
    )
    return Object.fromEntries(entries) as Record<string, UserId[]>
  }

  return {
    async load(approval, memberId, draftStages) {
      const ahead = stagesAhead(approval, draftStages)
      if (ahead !== null && ahead.length === 0) return undefined
      const now = deps.clock.now()
      const own = await loadAbsences(deps.store, memberId, now)
      const leavers = await loadLeavers(deps.store, memberId)
      const { isPortalAbsenceUsed } = await loadSettings(deps.store, memberId)
      const left = new Set(leavers.map((leaver) => leaver.userId))
      // The structure is read only when something needs it, so answering a stage without roles or leavers never
      // waits on (or fails with) Bitrix24. A new approval has just read it to check its approvers.
      const needsPeople =
        approval === null ||
        isPortalAbsenceUsed ||
        (ahead ?? []).some((s) => (s.roles ?? []).length > 0 || (s.approverIds ?? []).some((id) => left.has(id)))
      if (!needsPeople) return { org: emptyOrg, absences: own, leavers }
      const people = await deps.people.people(memberId, () => deps.directory.portal(memberId))
      const org = people.org
      const fromPortal = isPortalAbsenceUsed
        ? await portalAbsences(
            memberId,
            org,
            people.users.map((u) => u.id),
          )
        : []
      const members = await groups(memberId, ahead, new Set(people.users.map((u) => u.id)))
      // Absences set in the app come first: they name the deputy the person chose.
      return { org, absences: [...own, ...fromPortal], leavers, groups: members }
    },
  }
}
