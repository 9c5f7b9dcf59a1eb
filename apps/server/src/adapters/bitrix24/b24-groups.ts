/**
 * @module The workgroups facet of the Portal adapter: groups and projects from `sonet_group.get` (paged by 50
 * with `start`, one page a call; the list helpers take no `ORDER`) and their members from `sonet_group.user.get`, whose rows name
 * the owner (`A`), moderators (`E`) and members (`K`). Needs the app's `sonet` scope.
 * @see https://apidocs.bitrix24.com/api-reference/sonet-group/sonet-group-get.html
 * @see https://apidocs.bitrix24.com/api-reference/sonet-group/members/sonet-group-user-get.html
 */
import { z } from 'zod'
import { ValidationError } from '../../ports/errors.ts'
import type { Workgroup, Workgroups } from '../../ports/portal-groups.ts'
import type { RestClient, RestParams } from './b24-rest.ts'

/** Rows in one page of `sonet_group.get`. */
const pageSize = 50
/** Pages read at most, so a portal that keeps answering full pages cannot loop us forever. */
const maxPages = 50

const groupRow = z.looseObject({
  ID: z.coerce.number().int().positive(),
  NAME: z.string(),
  PROJECT: z.string().optional(),
})
const memberRow = z.looseObject({ USER_ID: z.coerce.number().int().positive(), ROLE: z.string() })
/** The roles of people in the group; anything else (a request, an invitation) is not membership. */
const memberRoles = new Set(['A', 'E', 'K'])

const listParams = (start: number): RestParams => ({
  ORDER: { NAME: 'ASC' },
  FILTER: { ACTIVE: 'Y', CLOSED: 'N' },
  start,
})

function toGroups(rows: unknown): Workgroup[] {
  return (Array.isArray(rows) ? rows : []).flatMap((row) => {
    const parsed = groupRow.safeParse(row)
    return parsed.success
      ? [{ id: parsed.data.ID, name: parsed.data.NAME, isProject: parsed.data.PROJECT === 'Y' }]
      : []
  })
}

/** The {@link Workgroups} facet over one portal's REST pipe. */
export function createB24Groups(rest: RestClient): Workgroups {
  return {
    async list() {
      const groups: Workgroup[] = []
      for (let page = 0; page < maxPages; page += 1) {
        const rows = toGroups(await rest.call<unknown>('sonet_group.get', listParams(page * pageSize)))
        groups.push(...rows)
        if (rows.length < pageSize) break
      }
      return groups
    },
    async members(groupId) {
      try {
        const rows = await rest.call<unknown>('sonet_group.user.get', { ID: groupId })
        return z
          .array(z.unknown())
          .parse(rows)
          .flatMap((row) => {
            const parsed = memberRow.safeParse(row)
            return parsed.success && memberRoles.has(parsed.data.ROLE) ? [parsed.data.USER_ID] : []
          })
      } catch (error) {
        // "Socialnetwork group not found": no such group, or one the token holder may not see.
        if (error instanceof ValidationError && error.code === 'BITRIX24_ERROR') return null
        throw error
      }
    },
  }
}
