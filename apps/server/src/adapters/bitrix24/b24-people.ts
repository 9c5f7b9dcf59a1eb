/**
 * @module The people facet of the Portal adapter: active users (`user.get`) with their departments, and the
 * department tree (`department.get`) with its heads (`UF_HEAD`); the roster of every user, dismissed ones included.
 * @see https://apidocs.bitrix24.com/api-reference/user/user-get.html
 * @see https://apidocs.bitrix24.com/api-reference/departments/department-get.html
 * @see https://apidocs.bitrix24.com/api-reference/calendar/calendar-event/calendar-accessibility-get.html
 */
import type { OrgStructure } from '../../domain/index.ts'
import type { PeopleDirectory, PortalAbsence, PortalUser } from '../../ports/portal.ts'
import { inChunks, maxBatchCommands, resultOf, type RestClient, type RestParams } from './b24-rest.ts'

interface WireUser {
  ID: string | number
  ACTIVE?: boolean | string
  NAME?: string
  LAST_NAME?: string
  WORK_POSITION?: string
  UF_DEPARTMENT?: (string | number)[] | string | number
}

interface WireDepartment {
  ID: string | number
  NAME?: string
  PARENT?: string | number
  UF_HEAD?: string | number
}

/** Rows in one page of `department.get`. */
const pageSize = 50
/** The most departments read (100 pages), so a portal that keeps answering full pages cannot loop us forever. */
const maxDepartments = 5_000

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
      name: typeof d.NAME === 'string' ? d.NAME : `#${d.ID}`,
    })),
    userDepartments: Object.fromEntries(users.map((u) => [String(u.id), u.departmentIds])),
  }
}

/** Every department, page after page of 50. */
async function departments(rest: RestClient): Promise<WireDepartment[]> {
  // Not `callList`: `department.get` takes its filter as top-level keys, so the `filter[>ID]` cursor is ignored.
  const rows: WireDepartment[] = []
  for (let start = 0; start < maxDepartments; start += pageSize) {
    const page = await rest.call<WireDepartment[]>('department.get', { sort: 'ID', order: 'ASC', start })
    rows.push(...page)
    if (page.length < pageSize) break
  }
  return rows
}

interface WireBusyEvent {
  ACCESSIBILITY?: string
  DATE_FROM_TS_UTC?: string | number
  DATE_TO_TS_UTC?: string | number
}

/** Users asked about in one `calendar.accessibility.get` call. */
const usersPerCall = 50

/** The `absent` events of one `calendar.accessibility.get` answer (user id → events) as spans. */
function toAbsences(answer: Record<string, WireBusyEvent[]>): PortalAbsence[] {
  return Object.entries(answer).flatMap(([userId, events]) =>
    (Array.isArray(events) ? events : [])
      .filter((event) => event.ACCESSIBILITY === 'absent')
      .map((event) => ({ from: Number(event.DATE_FROM_TS_UTC), to: Number(event.DATE_TO_TS_UTC) }))
      .filter((span) => Number.isFinite(span.from) && Number.isFinite(span.to) && span.to > span.from)
      .map((span) => ({
        userId: Number(userId),
        startsAt: new Date(span.from * 1000).toISOString(),
        endsAt: new Date(span.to * 1000).toISOString(),
      })),
  )
}

/** Absences of many users: 50 users per call, up to 50 calls per `batch` request. */
async function absences(rest: RestClient, userIds: readonly number[], from: string, to: string) {
  const found: PortalAbsence[] = []
  for (const group of inChunks(inChunks(userIds, usersPerCall), maxBatchCommands)) {
    const calls = Object.fromEntries(
      group.map((users, i) => [`a${i}`, ['calendar.accessibility.get', { users, from, to }] as [string, RestParams]]),
    )
    const answers = await rest.batch<Record<string, WireBusyEvent[]>>(calls)
    for (const outcome of Object.values(answers)) found.push(...toAbsences(resultOf(outcome)))
  }
  return found
}

/** The {@link PeopleDirectory} facet over one portal's REST pipe. */
export function createB24People(rest: RestClient): PeopleDirectory {
  return {
    absences: (userIds, from, to) => absences(rest, userIds, from, to),
    async read() {
      const wire = await rest.list<WireUser>('user.get', { filter: { ACTIVE: true } })
      const users = wire.map(toUser)
      return { users, org: toOrg(await departments(rest), users) }
    },
    async roster() {
      // Without an ACTIVE filter `user.get` lists dismissed users too; ACTIVE comes as a boolean (or 'Y'/'N').
      const wire = await rest.list<WireUser>('user.get', {})
      return wire.map((user) => ({ ...toUser(user), isActive: user.ACTIVE === true || user.ACTIVE === 'Y' }))
    },
  }
}
