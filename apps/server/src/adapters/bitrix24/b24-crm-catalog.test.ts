/** The CRM catalog from the answers `crm.category.list` and `crm.status.list` give, as the REST docs show them. */
import { describe, expect, it } from 'vitest'
import { toCrmCatalog } from './b24-crm-catalog.ts'

// `crm.status.list` as documented: working stages carry `SEMANTICS: null`, the default pipeline `CATEGORY_ID: null`.
const row = (ENTITY_ID: string, STATUS_ID: string, NAME: string, SORT: number, SEMANTICS: string | null = null) => ({
  ID: '1',
  ENTITY_ID,
  STATUS_ID,
  NAME,
  NAME_INIT: NAME,
  SORT: String(SORT),
  SYSTEM: 'N',
  CATEGORY_ID: null,
  COLOR: '#39A8EF',
  SEMANTICS,
  EXTRA: { SEMANTICS: SEMANTICS === 'S' ? 'success' : SEMANTICS === 'F' ? 'failure' : 'process', COLOR: '#39A8EF' },
})

const statuses = [
  row('DEAL_STAGE', 'WON', 'Deal successful', 60, 'S'),
  row('DEAL_STAGE', 'NEW', 'New', 10),
  row('DEAL_STAGE', 'LOSE', 'Deal failed', 70, 'F'),
  row('DEAL_STAGE_3', 'C3:NEW', 'Request', 10),
  row('STATUS', 'NEW', 'Unprocessed', 10),
  row('SOURCE', 'CALL', 'Call', 10),
  row('CONTACT_TYPE', 'CLIENT', 'Client', 10),
  { ENTITY_ID: 'BROKEN' },
]
const categories = {
  categories: [
    { id: 3, name: 'Purchases', sort: 200, entityTypeId: 2, isDefault: 'N' },
    { id: 0, name: 'General', sort: 100, entityTypeId: 2, isDefault: 'Y' },
  ],
}

describe('toCrmCatalog', () => {
  it('orders pipelines and stages by SORT, reads the kind of each stage, and skips other lists', () => {
    expect(toCrmCatalog(categories, statuses)).toEqual({
      pipelines: [
        {
          id: 0,
          name: 'General',
          stages: [
            { id: 'NEW', name: 'New', semantics: 'process' },
            { id: 'WON', name: 'Deal successful', semantics: 'success' },
            { id: 'LOSE', name: 'Deal failed', semantics: 'failure' },
          ],
        },
        { id: 3, name: 'Purchases', stages: [{ id: 'C3:NEW', name: 'Request', semantics: 'process' }] },
      ],
      leadStatuses: [{ id: 'NEW', name: 'Unprocessed', semantics: 'process' }],
      sources: [{ id: 'CALL', name: 'Call' }],
    })
  })
})
