/**
 * @module The shared core of the legacy CRM methods `crm.deal.*` and `crm.lead.*` (§5.10, §5.11):
 * Bitrix24's typing (string ids and numbers, `Y`/`N`), multifields (§5.11), case-insensitive `id`/`fields`,
 * empty-code 400 errors (§3.4), list filters and pages (§3.5, §3.6).
 */
import { fireEvent } from '../events/dispatcher.ts'
import type { Portal } from '../portal.ts'
import type { CrmRecord, UserRecord } from '../state.ts'
import { nextId } from '../state.ts'
import { applyFilter, applyOrder, applySelect, paginate } from '../rest/list.ts'
import type { MethodOutcome } from '../rest/envelope.ts'
import { asInt, asList, asRecord, asText, param, type Params } from '../rest/params.ts'
import { crmError } from '../rest/rest-error.ts'

const MULTIFIELDS: Record<string, string> = { PHONE: 'PHONE', EMAIL: 'EMAIL', WEB: 'WEB', IM: 'IM' }
const MONEY = new Set(['OPPORTUNITY', 'TAX_VALUE'])

/** The record's id from `id`/`ID`; 400 "ID is not defined or invalid" otherwise. */
export function crmId(params: Params): number {
  const id = asInt(param(params, 'id'), 0)
  if (id <= 0) throw crmError('ID is not defined or invalid')
  return id
}

function typedValue(field: string, value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (MONEY.has(field)) return Number(value).toFixed(2)
  if (typeof value === 'boolean') return value ? 'Y' : 'N'
  if (typeof value === 'number') return String(value)
  return value
}

function writeMultifield(portal: Portal, type: string, current: unknown, incoming: unknown): unknown[] {
  const rows = asList(current).map((row) => ({ ...asRecord(row) }))
  for (const item of asList(incoming).map(asRecord)) {
    const id = asText(item['ID'])
    const existing = id ? rows.find((r) => r['ID'] === id) : undefined
    if (existing && (item['DELETE'] === 'Y' || asText(item['VALUE']) === '')) {
      rows.splice(rows.indexOf(existing), 1)
    } else if (existing) {
      Object.assign(existing, { VALUE: asText(item['VALUE']), VALUE_TYPE: asText(item['VALUE_TYPE']) || 'WORK' })
    } else if (asText(item['VALUE'])) {
      const newId = String(nextId(portal.state, 'multifield'))
      rows.push({
        ID: newId,
        VALUE_TYPE: asText(item['VALUE_TYPE']) || 'WORK',
        VALUE: asText(item['VALUE']),
        TYPE_ID: type,
      })
    }
  }
  return rows
}

/**
 * Writes `fields` into a record: known fields and `UF_CRM_*` only (unknown fields are ignored, as in
 * Bitrix24), typed as Bitrix24 stores them.
 */
export function writeFields(
  portal: Portal,
  record: CrmRecord,
  fields: Record<string, unknown>,
  known: Set<string>,
): void {
  for (const [rawKey, value] of Object.entries(fields)) {
    const key = rawKey.toUpperCase()
    if (key === 'ID') continue
    const multi = MULTIFIELDS[key]
    if (multi) record[key] = writeMultifield(portal, multi, record[key], value)
    else if (known.has(key) || key.startsWith('UF_CRM_')) record[key] = typedValue(key, value)
  }
}

/** Finds a record by id; 400 "Not found" (empty `error`) otherwise. */
export function findCrm(records: CrmRecord[], id: number): CrmRecord {
  const record = records.find((r) => r.ID === String(id))
  if (!record) throw crmError('Not found')
  return record
}

/**
 * Deletes a deal or lead as a user and fires `ONCRMDEALDELETE` / `ONCRMLEADDELETE` with its id, as Bitrix24 does;
 * 400 "Not found" when there is none.
 */
export function deleteCrm(portal: Portal, kind: 'deal' | 'lead', userId: number, id: number): void {
  const list = kind === 'deal' ? 'deals' : 'leads'
  const record = findCrm(portal.state[list], id)
  portal.state[list] = portal.state[list].filter((r) => r !== record)
  fireEvent(portal, {
    event: `ONCRM${kind.toUpperCase()}DELETE`,
    data: { FIELDS: { ID: record.ID } },
    userId,
    scope: 'crm',
    objectKey: `${kind.toUpperCase()}_${id}`,
  })
}

/**
 * `crm.*.list`: filter, order, select (`*`, `UF_*`), page of 50 or `start=-1`; as in Bitrix24, only the records
 * the caller may read under their CRM role are listed (a missing right narrows the list, it is no error).
 */
export function listCrm(records: CrmRecord[], params: Params, user: UserRecord): MethodOutcome {
  const readable = records.filter((record) => canReadCrm(user, record))
  const filtered = applyFilter(readable, param(params, 'filter'))
  const ordered = applyOrder(filtered, param(params, 'order'))
  const page = paginate(ordered, param(params, 'start'))
  const select = param(params, 'select')
  const result = page.page.map((record) => applySelect(record, select))
  const outcome: MethodOutcome = { result, total: page.total }
  if (page.next !== undefined) outcome.next = page.next
  return outcome
}

/** `crm.*.get`: the whole record including `UF_CRM_*`. */
/**
 * Whether `user` may read `record` under their CRM role: administrators and `all` read every record, `own` only
 * the records the user is responsible for or created.
 */
export function canReadCrm(user: UserRecord, record: CrmRecord): boolean {
  if (user.IS_ADMIN || (user.CRM_READ ?? 'all') === 'all') return true
  return [record['ASSIGNED_BY_ID'], record['CREATED_BY_ID']].some((id) => Number(id) === user.ID)
}

/** `crm.*.get`: 400 "Not found" for a missing record, 400 "Access denied." for one the caller may not read. */
export function getCrm(records: CrmRecord[], params: Params, user: UserRecord): MethodOutcome {
  const record = findCrm(records, crmId(params))
  if (!canReadCrm(user, record)) throw crmError('Access denied.')
  return { result: record }
}
