/**
 * @module The portal's people, cached: active users (`user.get`) with their departments and the department
 * tree (`department.get`), for pickers, names on cards and notifications, approver checks and escalation to
 * the department head. Refreshed at most every ten minutes, or at once when an unknown user id is asked for.
 * @see https://apidocs.bitrix24.com/api-reference/user/user-get.html
 */
import type { OrgStructure, UserId } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { resultOf, type Portal } from '../../ports/portal.ts'
import { tenantKey, type Store } from '../../ports/store.ts'

/** A portal user as pickers show them. */
export interface PortalUser {
  id: UserId
  name: string
  position: string
  departmentIds: number[]
}

/** The cached directory of one portal. */
export interface PeopleCache {
  fetchedAt: number
  users: PortalUser[]
  org: OrgStructure
}

interface WireUser {
  ID: string | number
  NAME?: string
  LAST_NAME?: string
  WORK_POSITION?: string
  UF_DEPARTMENT?: (string | number)[] | string | number
}

interface WireDepartment {
  ID: string | number
  PARENT?: string | number
  UF_HEAD?: string | number
}

/** How long the cache is trusted. */
export const peopleCacheTtlMs = 10 * 60_000
const pageSize = 50
/** The most users read (200 pages), so a portal that keeps answering full pages cannot loop us forever. */
const maxUsers = 10_000

function toUser(wire: WireUser): PortalUser {
  const departments = Array.isArray(wire.UF_DEPARTMENT) ? wire.UF_DEPARTMENT : [wire.UF_DEPARTMENT ?? '']
  const name = [wire.NAME, wire.LAST_NAME].filter((part) => part && part.trim()).join(' ')
  return {
    id: Number(wire.ID),
    name: name || `#${wire.ID}`,
    position: wire.WORK_POSITION ?? '',
    departmentIds: departments.map(Number).filter((id) => id > 0),
  }
}

function toOrg(departments: WireDepartment[], users: PortalUser[]): OrgStructure {
  return {
    departments: departments.map((d) => ({
      id: Number(d.ID),
      parentId: d.PARENT === undefined || d.PARENT === '' ? null : Number(d.PARENT),
      headId: Number(d.UF_HEAD) > 0 ? Number(d.UF_HEAD) : null,
    })),
    userDepartments: Object.fromEntries(users.map((u) => [String(u.id), u.departmentIds])),
  }
}

async function fetchPeople(portal: Portal, now: number): Promise<PeopleCache> {
  const usersQuery = { filter: { ACTIVE: true }, sort: 'ID', order: 'ASC' }
  const first = await portal.batch<unknown>({
    departments: ['department.get', {}],
    users: ['user.get', { ...usersQuery, start: 0 }],
  })
  const wire = [...(resultOf(first['users']!) as WireUser[])]
  for (let start = pageSize; wire.length === start && start < maxUsers; start += pageSize) {
    wire.push(...(await portal.call<WireUser[]>('user.get', { ...usersQuery, start })))
  }
  const users = wire.map(toUser)
  return { fetchedAt: now, users, org: toOrg(resultOf(first['departments']!) as WireDepartment[], users) }
}

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
      const fresh = await fetchPeople(await portal(), now)
      await deps.store.put(key, fresh)
      return fresh
    },
  }
}
