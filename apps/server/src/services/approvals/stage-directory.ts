/**
 * @module What stages are resolved against when they start: the portal's structure (from the people cache), its
 * leavers (`portal-leavers.ts`) and the absences known now — those set in the app and, when the portal's setting
 * says so, the spans Bitrix24 calendars mark `absent` (whose places go to the absent person's nearest head). Read
 * only when the approval has a stage still to start, so answering the last stage costs nothing extra.
 */
import { headsAbove, type Absence, type Approval, type Directory, type OrgStructure } from '../../domain/index.ts'
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
  load(approval: Approval | null, memberId: string): Promise<Directory | undefined>
}

/** How long the portal's calendar absences are trusted. */
export const portalAbsencesTtlMs = 10 * 60_000

interface AbsenceCache {
  fetchedAt: number
  absences: Absence[]
}

const emptyOrg: OrgStructure = { departments: [], userDepartments: {} }

/** The stages still to start: of the current round, or of the next round when it was returned. */
function stagesAhead(approval: Approval | null): { roles?: unknown[]; approverIds?: number[] }[] | null {
  if (approval === null) return null
  if (approval.status === 'returned') return approval.stages
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

  return {
    async load(approval, memberId) {
      const ahead = stagesAhead(approval)
      if (ahead !== null && ahead.length === 0) return undefined
      const now = deps.clock.now()
      const own = await loadAbsences(deps.store, memberId, now)
      const leavers = await loadLeavers(deps.store, memberId)
      const { isPortalAbsenceUsed } = await loadSettings(deps.store, memberId)
      const left = new Set(leavers.map((leaver) => leaver.userId))
      // The structure is read only when something needs it, so answering a stage without roles or leavers never
      // waits on (or fails with) Bitrix24. A new approval has just read it to check its approvers.
      const needsPeople =
        ahead === null ||
        isPortalAbsenceUsed ||
        ahead.some((s) => (s.roles ?? []).length > 0 || (s.approverIds ?? []).some((id) => left.has(id)))
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
      // Absences set in the app come first: they name the deputy the person chose.
      return { org, absences: [...own, ...fromPortal], leavers }
    },
  }
}
