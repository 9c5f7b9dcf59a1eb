/**
 * @module Workgroups and projects: `sonet_group.get` (the groups the caller may see, `FILTER` / `ORDER`, pages of
 * 50 with `total` / `next`; `IS_ADMIN=Y` lifts the check for administrators) and `sonet_group.user.get` (the
 * owner `A`, moderators `E` and members `K` of one group; requests and invitations are not members). A secret
 * group (`VISIBLE=N`) is shown only to its members and administrators; to anyone else it is "not found".
 * @see https://apidocs.bitrix24.com/api-reference/sonet-group/sonet-group-get.html
 * @see https://apidocs.bitrix24.com/api-reference/sonet-group/members/sonet-group-user-get.html
 */
import type { UserRecord, WorkgroupRecord } from '../state.ts'
import { applyFilter, applyOrder, paginate } from '../rest/list.ts'
import { asInt, asRecord, asText, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

const memberRoles = new Set(['A', 'E', 'K'])
const yn = (value: boolean) => (value ? 'Y' : 'N')

function isMember(group: WorkgroupRecord, userId: number): boolean {
  return group.MEMBERS.some((m) => m.USER_ID === userId && memberRoles.has(m.ROLE))
}

function canSee(group: WorkgroupRecord, user: UserRecord, isAdminView: boolean): boolean {
  return group.VISIBLE || isMember(group, user.ID) || (isAdminView && user.IS_ADMIN)
}

function toWire(group: WorkgroupRecord): Record<string, unknown> {
  return {
    ID: String(group.ID),
    SITE_ID: 's1',
    NAME: group.NAME,
    DESCRIPTION: group.DESCRIPTION,
    DATE_CREATE: group.DATE_CREATE,
    DATE_UPDATE: group.DATE_CREATE,
    DATE_ACTIVITY: group.DATE_CREATE,
    ACTIVE: yn(group.ACTIVE),
    VISIBLE: yn(group.VISIBLE),
    OPENED: yn(group.OPENED),
    CLOSED: yn(group.CLOSED),
    SUBJECT_ID: '1',
    OWNER_ID: String(group.OWNER_ID),
    KEYWORDS: null,
    NUMBER_OF_MEMBERS: String(group.MEMBERS.filter((m) => memberRoles.has(m.ROLE)).length),
    SUBJECT_NAME: 'Рабочие группы',
    PROJECT: yn(group.PROJECT),
    IS_EXTRANET: 'N',
  }
}

/** The workgroup methods. */
export const sonetGroupMethods: MethodTable = {
  'sonet_group.get': {
    scope: 'sonet',
    handler: ({ portal, params, user }) => {
      const isAdminView = asText(param(params, 'IS_ADMIN')) === 'Y'
      const groupId = asInt(param(params, 'GROUP_ID'), 0)
      const visible = (portal.state.groups ?? [])
        .filter((g) => canSee(g, user, isAdminView) && (groupId === 0 || g.ID === groupId))
        .map(toWire)
      const filtered = applyFilter(visible, asRecord(param(params, 'FILTER')))
      const order = asRecord(param(params, 'ORDER'))
      const ordered = applyOrder(filtered, Object.keys(order).length > 0 ? order : { ID: 'DESC' })
      const page = paginate(ordered, param(params, 'start'))
      return { result: page.page, total: page.total, ...(page.next === undefined ? {} : { next: page.next }) }
    },
  },
  'sonet_group.user.get': {
    scope: 'sonet',
    handler: ({ portal, params, user }) => {
      const id = asInt(param(params, 'ID'), 0)
      if (id <= 0) throw new RestError(400, '', 'Wrong socialnetwork group ID')
      const group = (portal.state.groups ?? []).find((g) => g.ID === id)
      if (!group || !canSee(group, user, true)) throw new RestError(400, '', 'Socialnetwork group not found')
      const rows = group.MEMBERS.filter((m) => memberRoles.has(m.ROLE))
      return { result: rows.map((m) => ({ USER_ID: String(m.USER_ID), ROLE: m.ROLE })) }
    },
  },
}
