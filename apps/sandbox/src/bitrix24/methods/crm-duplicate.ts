/**
 * @module `crm.duplicate.findbycomm`: ids of leads, contacts (and companies, none here) having any of up to 20
 * phones or e-mails. Phones match by their digits (the extension is not considered), e-mails case-insensitively;
 * nothing found is an empty array, as PHP encodes an empty result; at most 20 ids of one type, and when a type
 * reaches 20 the later types are left out.
 * @see https://apidocs.bitrix24.com/api-reference/crm/duplicates/crm-duplicate-find-by-comm.html
 */
import type { CrmRecord } from '../state.ts'
import { asList, asRecord, asText, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { RestError } from '../rest/rest-error.ts'
import { contactsOf } from './crm-contact.ts'

const MAX_VALUES = 20

function keyOf(type: string, value: string): string {
  return type === 'PHONE' ? value.replace(/(ext|доб|#).*$/i, '').replace(/\D/g, '') : value.trim().toLowerCase()
}

function matching(records: CrmRecord[], type: string, wanted: Set<string>): number[] {
  return records
    .filter((record) => asList(record[type]).some((row) => wanted.has(keyOf(type, asText(asRecord(row)['VALUE'])))))
    .map((record) => Number(record.ID))
    .slice(0, MAX_VALUES)
}

/** The duplicate search method. */
export const duplicateMethods: MethodTable = {
  'crm.duplicate.findbycomm': {
    scope: 'crm',
    handler: ({ portal, params }) => {
      const type = asText(param(params, 'type')).toUpperCase()
      if (!type) throw new RestError(400, 'Communication type is not defined', "Parameter 'type' is required.")
      if (type !== 'PHONE' && type !== 'EMAIL')
        throw new RestError(400, `Communication type '${type}' is not supported in current context`, '')
      const values = asList(param(params, 'values')).map(asText).filter(Boolean)
      if (values.length === 0) throw new RestError(400, 'Communication values is not defined', '')
      if (values.length > MAX_VALUES) throw new RestError(400, 'Too many values', `At most ${MAX_VALUES} values`)
      const wanted = new Set(values.map((v) => keyOf(type, v)).filter(Boolean))
      const entityType = asText(param(params, 'entity_type')).toUpperCase()
      const sources: [string, CrmRecord[]][] = [
        ['LEAD', portal.state.leads],
        ['CONTACT', contactsOf(portal)],
        ['COMPANY', []],
      ]
      const result: Record<string, number[]> = {}
      for (const [name, records] of sources) {
        if (entityType && entityType !== name) continue
        const ids = matching(records, type, wanted)
        if (ids.length > 0) result[name] = ids
        if (ids.length >= MAX_VALUES) break
      }
      return { result: Object.keys(result).length > 0 ? result : [] }
    },
  },
}
