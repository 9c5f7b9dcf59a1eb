/**
 * @module The profiles facet of the Portal adapter: users with one custom field's value, active and deactivated
 * (`user.get` without `ACTIVE`, 50 per page, `ADMIN_MODE` to see everyone), and the string field that holds a
 * Telegram id (`user.userfield.list` / `user.userfield.add`).
 * @see https://apidocs.bitrix24.com/api-reference/user/user-get.html
 * @see https://apidocs.bitrix24.com/api-reference/user/userfields/user-userfield-add.html
 */
import type { ProfileEntry, UserProfiles } from '../../ports/portal.ts'
import type { RestClient } from './b24-rest.ts'

type WireUser = Record<string, unknown> & {
  ID: string | number
  ACTIVE?: boolean | string
  NAME?: string
  LAST_NAME?: string
  UF_DEPARTMENT?: (string | number)[] | string | number
}

/** `user.get` pages are always 50 users. */
const pageSize = 50

function valueText(value: unknown): string {
  if (Array.isArray(value)) return valueText(value[0])
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : ''
}

function toEntry(wire: WireUser, fieldName: string): ProfileEntry {
  const departments = Array.isArray(wire.UF_DEPARTMENT) ? wire.UF_DEPARTMENT : [wire.UF_DEPARTMENT ?? '']
  const name = [wire.NAME, wire.LAST_NAME].filter((part) => part && part.trim()).join(' ')
  return {
    userId: Number(wire.ID),
    name: name || `#${wire.ID}`,
    isActive: wire.ACTIVE === true || wire.ACTIVE === 'Y' || wire.ACTIVE === 'true',
    departmentIds: departments.map(Number).filter((id) => id > 0),
    value: valueText(wire[fieldName]),
  }
}

/** The {@link UserProfiles} facet over one portal's REST pipe. */
export function createB24Profiles(rest: RestClient): UserProfiles {
  return {
    async page(fieldName, start) {
      const rows = await rest.call<WireUser[]>('user.get', { sort: 'ID', order: 'ASC', ADMIN_MODE: true, start })
      const entries = rows.map((row) => toEntry(row, fieldName))
      return { entries, next: rows.length < pageSize ? null : start + pageSize }
    },
    async user(fieldName, userId) {
      const rows = await rest.call<WireUser[]>('user.get', { ADMIN_MODE: true, FILTER: { ID: userId } })
      const row = rows.find((r) => Number(r.ID) === userId)
      return row ? toEntry(row, fieldName) : null
    },
    async ensureField(code, label) {
      const fieldName = `UF_USR_${code}`
      const found = await rest.call<{ FIELD_NAME: string }[]>('user.userfield.list', {
        filter: { FIELD_NAME: fieldName },
      })
      if (found.some((field) => field.FIELD_NAME === fieldName)) return fieldName
      const labels = { ru: label.ru, en: label.en }
      await rest.call('user.userfield.add', {
        fields: {
          ...{ FIELD_NAME: code, USER_TYPE_ID: 'string', MULTIPLE: 'N', SHOW_IN_LIST: 'Y', EDIT_IN_LIST: 'Y' },
          ...{ EDIT_FORM_LABEL: labels, LIST_COLUMN_LABEL: labels, LABEL: label.en },
        },
      })
      return fieldName
    },
  }
}
