/**
 * @module The portal's people, cached: active users with their departments and the department tree, for
 * pickers, names on cards and notifications, approver checks and escalation to the department head. Refreshed at
 * most every ten minutes, or at once when an unknown user id is asked for.
 */
import type { OrgStructure, UserId } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import type { Portal, PortalUser } from '../../ports/portal.ts'
import { tenantKey, type Store } from '../../ports/store.ts'

/** The cached directory of one portal. */
export interface PeopleCache {
  fetchedAt: number
  users: PortalUser[]
  org: OrgStructure
}

/** How long the cache is trusted. */
export const peopleCacheTtlMs = 10 * 60_000

/** Reads the portal's people through the cache. */
export interface PortalPeople {
  /**
   * The cached people; fetched when missing, older than {@link peopleCacheTtlMs}, or lacking one of `mustInclude`
   * (checked once against a fresh copy).
   * @throws the Portal port's errors when a fetch is needed and fails.
   */
  people(memberId: string, portal: () => Promise<Portal>, mustInclude?: UserId[]): Promise<PeopleCache>
}

/** Creates the people cache over the store. */
export function createPortalPeople(deps: { store: Store; clock: Clock }): PortalPeople {
  return {
    async people(memberId, portal, mustInclude = []) {
      const key = tenantKey(memberId, 'people')
      const cached = (await deps.store.get<PeopleCache>(key))?.value
      const now = deps.clock.now()
      const known = new Set(cached?.users.map((u) => u.id))
      const isFresh = cached !== undefined && now - cached.fetchedAt < peopleCacheTtlMs
      const isComplete = mustInclude.every((id) => known.has(id))
      if (cached && isFresh && (isComplete || now - cached.fetchedAt < 5_000)) return cached
      const fresh = { fetchedAt: now, ...(await (await portal()).people.read()) }
      await deps.store.put(key, fresh)
      return fresh
    },
  }
}
