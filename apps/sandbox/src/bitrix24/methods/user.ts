/**
 * @module Users: `user.current` (§5.1), `user.get` (§5.2), `user.search` (§5.3), `user.update` (profile fields,
 * `ACTIVE` to dismiss or bring back; fires `ONUSERUPDATE`), `user.userfield.add` and `user.userfield.list`
 * (§5.16), plus `department.get` for the company structure (heads in `UF_HEAD`).
 */
import { formatB24Date } from '../b24-date.ts'
import { fireEvent } from '../events/dispatcher.ts'
import type { Portal } from '../portal.ts'
import type { UserRecord } from '../state.ts'
import { nextId } from '../state.ts'
import { applyFilter, applyOrder, applySelect, paginate } from '../rest/list.ts'
import { asInt, asRecord, asText, param, type Params } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'

/** A user as `user.get` returns it: string `ID`, boolean `ACTIVE`, integer `UF_DEPARTMENT`, UF values. */
export function userToWire(user: UserRecord): Record<string, unknown> {
  return {
    ID: String(user.ID),
    XML_ID: '',
    ACTIVE: user.ACTIVE,
    NAME: user.NAME,
    LAST_NAME: user.LAST_NAME,
    SECOND_NAME: user.SECOND_NAME,
    EMAIL: user.EMAIL,
    LAST_LOGIN: user.DATE_REGISTER,
    DATE_REGISTER: user.DATE_REGISTER,
    IS_ONLINE: 'N',
    TIME_ZONE: '',
    TIMESTAMP_X: user.DATE_REGISTER,
    LAST_ACTIVITY_DATE: '',
    PERSONAL_GENDER: user.PERSONAL_GENDER,
    PERSONAL_BIRTHDAY: '',
    PERSONAL_MOBILE: '',
    WORK_PHONE: '',
    WORK_POSITION: user.WORK_POSITION,
    UF_EMPLOYMENT_DATE: '',
    UF_DEPARTMENT: [...user.UF_DEPARTMENT],
    USER_TYPE: 'employee',
    ...user.UF,
  }
}

/** Filter keys may be passed in `FILTER` or at the top level (§5.2). */
function userFilter(params: Params): Record<string, unknown> {
  const filter = { ...asRecord(param(params, 'filter')) }
  const reserved = new Set(['filter', 'sort', 'order', 'select', 'start', 'admin_mode', 'image_resize'])
  for (const [key, value] of Object.entries(params)) {
    if (!reserved.has(key.toLowerCase())) filter[key] = value
  }
  if (filter['ACTIVE'] === 'true' || filter['ACTIVE'] === true) filter['ACTIVE'] = true
  return filter
}

function sortedUsers(portal: Portal, params: Params, filter: Record<string, unknown>) {
  const rows = applyFilter(portal.state.users.map(userToWire), filter)
  const sort = asText(param(params, 'sort'))
  return applyOrder(rows, sort ? { [sort]: asText(param(params, 'order')) || 'ASC' } : { ID: 'ASC' })
}

function pageOfUsers(rows: Record<string, unknown>[], params: Params) {
  const page = paginate(rows, param(params, 'start'))
  const select = param(params, 'select')
  const result = page.page.map((row) => (select ? applySelect(row, select) : row))
  return { result, total: page.total, ...(page.next === undefined ? {} : { next: page.next }) }
}

function findText(user: Record<string, unknown>, needle: string): boolean {
  const hay = [user['NAME'], user['LAST_NAME'], user['WORK_POSITION'], user['EMAIL']].join(' ').toLowerCase()
  return hay.includes(needle.toLowerCase())
}

/**
 * `user.update`: changes the listed fields; `ACTIVE` `N`/`false` dismisses the user, `Y`/`true` brings them back.
 * Fires `ONUSERUPDATE` with the user's fields (`updatedBy` is the caller).
 */
export function updateUser(portal: Portal, params: Params, updatedBy: number): void {
  const id = asInt(param(params, 'ID'))
  const target = portal.state.users.find((u) => u.ID === id)
  if (!target) throw new RestError(400, '', 'User not found')
  const fields = { ...params, ...asRecord(param(params, 'fields')) }
  for (const [key, value] of Object.entries(fields)) {
    const upper = key.toUpperCase()
    if (upper.startsWith('UF_') && upper !== 'UF_DEPARTMENT') {
      if (!portal.state.userFields.some((f) => f.FIELD_NAME === upper)) continue
      target.UF[upper] = value
    } else if (['NAME', 'LAST_NAME', 'SECOND_NAME', 'EMAIL', 'WORK_POSITION'].includes(upper)) {
      target[upper as 'NAME'] = asText(value)
    } else if (upper === 'ACTIVE') {
      target.ACTIVE = value === true || ['Y', 'true', '1'].includes(asText(value))
    }
  }
  const data = { ...eventFields(target), ...target.UF }
  fireEvent(portal, { event: 'ONUSERUPDATE', data, userId: updatedBy, scope: 'user', objectKey: `USER_${id}` })
}

/** A user's fields as the user events carry them (strings, `ACTIVE` as `Y`/`N`). */
function eventFields(user: UserRecord): Record<string, unknown> {
  return {
    ID: String(user.ID),
    ACTIVE: user.ACTIVE ? 'Y' : 'N',
    EMAIL: user.EMAIL,
    NAME: user.NAME,
    LAST_NAME: user.LAST_NAME,
    PERSONAL_GENDER: user.PERSONAL_GENDER,
    PERSONAL_BIRTHDAY: '',
    UF_DEPARTMENT: user.UF_DEPARTMENT.map(String),
    DATE_REGISTER: user.DATE_REGISTER,
    WORK_POSITION: user.WORK_POSITION,
    UF_EMPLOYMENT_DATE: '',
  }
}

function addUserField(portal: Portal, params: Params): number {
  const fields = asRecord(param(params, 'fields'))
  const raw = asText(fields['FIELD_NAME']).toUpperCase()
  if (!raw) throw new RestError(400, '', "The 'FIELD_NAME' field is not found.")
  const name = `UF_USR_${raw.replace(/^UF_(USR_)?/, '')}`
  if (portal.state.userFields.some((f) => f.FIELD_NAME === name)) {
    throw new RestError(400, 'ERROR_CORE', `Field ${name} for USER object already exists`)
  }
  const id = nextId(portal.state, 'userfield') + 100
  portal.state.userFields.push({
    ID: id,
    FIELD_NAME: name,
    USER_TYPE_ID: asText(fields['USER_TYPE_ID']) || 'string',
    MULTIPLE: fields['MULTIPLE'] === 'Y' ? 'Y' : 'N',
    LABEL: asText(fields['LABEL']),
  })
  return id
}

/**
 * `user.add`: invites a user; Bitrix24 fires `ONUSERADD` when the user first logs in (§4.4) — the sandbox
 * fires it at once, with the user fields directly in `data`.
 */
function addUser(portal: Portal, params: Params, invitedBy: number): number {
  const fields = { ...params, ...asRecord(param(params, 'fields')) }
  const email = asText(fields['EMAIL'])
  if (!email) throw new RestError(400, 'ERROR_CORE', 'Email is not specified')
  const id = nextId(portal.state, 'user')
  const departments = Array.isArray(fields['UF_DEPARTMENT'])
    ? fields['UF_DEPARTMENT'].map((d) => asInt(d))
    : [asInt(fields['UF_DEPARTMENT'], 1)]
  const user: UserRecord = {
    ID: id,
    ACTIVE: true,
    NAME: asText(fields['NAME']),
    LAST_NAME: asText(fields['LAST_NAME']),
    SECOND_NAME: '',
    EMAIL: email,
    WORK_POSITION: asText(fields['WORK_POSITION']),
    UF_DEPARTMENT: departments,
    IS_ADMIN: false,
    PERSONAL_GENDER: '',
    LANGUAGE_ID: 'ru',
    DATE_REGISTER: formatB24Date(portal.now()),
    UF: {},
  }
  portal.state.users.push(user)
  const data = eventFields(user)
  fireEvent(portal, { event: 'ONUSERADD', data, userId: invitedBy, scope: 'user', objectKey: `USER_${id}` })
  return id
}

/** The user and department methods. */
export const userMethods: MethodTable = {
  'user.current': { scope: 'user', handler: ({ user }) => ({ result: userToWire(user) }) },
  'user.get': {
    scope: 'user',
    handler: ({ portal, params }) => pageOfUsers(sortedUsers(portal, params, userFilter(params)), params),
  },
  'user.add': {
    scope: 'user',
    adminOnly: true,
    handler: ({ portal, params, user }) => ({ result: addUser(portal, params, user.ID) }),
  },
  'user.search': {
    scope: 'user',
    handler: ({ portal, params }) => {
      const filter = userFilter(params)
      const find = asText(filter['FIND'])
      delete filter['FIND']
      const rows = sortedUsers(portal, params, filter).filter((u) => !find || findText(u, find))
      return pageOfUsers(rows, params)
    },
  },
  'user.update': {
    scope: 'user',
    adminOnly: true,
    handler: ({ portal, params, user }) => {
      updateUser(portal, params, user.ID)
      return { result: true }
    },
  },
  'user.userfield.add': {
    scope: 'user.userfield',
    adminOnly: true,
    handler: ({ portal, params }) => ({ result: addUserField(portal, params) }),
  },
  'user.userfield.list': {
    scope: 'user.userfield',
    adminOnly: true,
    handler: ({ portal, params }) => {
      const rows = portal.state.userFields.map((f) => ({
        ...{ ID: String(f.ID), ENTITY_ID: 'USER', FIELD_NAME: f.FIELD_NAME, USER_TYPE_ID: f.USER_TYPE_ID },
        ...{ MULTIPLE: f.MULTIPLE, MANDATORY: 'N', SHOW_IN_LIST: 'Y', EDIT_IN_LIST: 'Y', EDIT_FORM_LABEL: f.LABEL },
      }))
      const filtered = applyFilter(rows, param(params, 'filter'))
      return { result: filtered, total: filtered.length }
    },
  },
  'department.get': {
    scope: 'department',
    handler: ({ portal, params }) => {
      const rows = portal.state.departments.map((d) => ({
        ID: String(d.ID),
        NAME: d.NAME,
        SORT: d.SORT,
        ...(d.PARENT === null ? {} : { PARENT: String(d.PARENT) }),
        UF_HEAD: String(d.UF_HEAD),
      }))
      const filter = Object.fromEntries(
        Object.entries(params).filter(([k]) => !['sort', 'order', 'start'].includes(k.toLowerCase())),
      )
      const sort = asText(param(params, 'sort')) || 'ID'
      const ordered = applyOrder(applyFilter(rows, filter), { [sort]: asText(param(params, 'order')) || 'ASC' })
      const page = paginate(ordered, param(params, 'start'))
      return { result: page.page, total: page.total, ...(page.next === undefined ? {} : { next: page.next }) }
    },
  },
}
