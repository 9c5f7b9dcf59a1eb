/**
 * @module `crm.lead.add/get/update/list/delete` (§5.11) with multifields and `ONCRMLEADADD` (§4.4) /
 * `ONCRMLEADUPDATE` / `ONCRMLEADDELETE`; `MOVED_TIME` / `MOVED_BY_ID` mark the last status change, as in
 * `crm.lead.fields`.
 */
import { formatB24Date } from '../b24-date.ts'
import { fireEvent } from '../events/dispatcher.ts'
import type { Portal } from '../portal.ts'
import { nextId, type CrmRecord } from '../state.ts'
import { asRecord, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { crmId, deleteCrm, findCrm, getCrm, listCrm, writeFields } from './crm-entity.ts'

const LEAD_FIELDS = new Set([
  'TITLE',
  'NAME',
  'SECOND_NAME',
  'LAST_NAME',
  'COMPANY_TITLE',
  'POST',
  'STATUS_ID',
  'STATUS_DESCRIPTION',
  'SOURCE_ID',
  'SOURCE_DESCRIPTION',
  'ASSIGNED_BY_ID',
  'COMMENTS',
  'CURRENCY_ID',
  'OPPORTUNITY',
  'OPENED',
  'ADDRESS',
  'BIRTHDATE',
  'HONORIFIC',
  'UTM_SOURCE',
  'UTM_MEDIUM',
  'UTM_CAMPAIGN',
  'UTM_CONTENT',
  'UTM_TERM',
  'CONTACT_ID',
  'ORIGINATOR_ID',
  'ORIGIN_ID',
])

/** Adds a lead as a user; fires `ONCRMLEADADD`. */
export function addLead(portal: Portal, userId: number, fields: Record<string, unknown>): number {
  const id = nextId(portal.state, 'lead')
  const now = formatB24Date(portal.now())
  const lead: CrmRecord = {
    ID: String(id),
    TITLE: `Лид #${id}`,
    NAME: null,
    LAST_NAME: null,
    STATUS_ID: 'NEW',
    SOURCE_ID: null,
    SOURCE_DESCRIPTION: null,
    ASSIGNED_BY_ID: String(userId),
    CREATED_BY_ID: String(userId),
    MODIFY_BY_ID: String(userId),
    CURRENCY_ID: 'RUB',
    OPPORTUNITY: '0.00',
    COMMENTS: null,
    DATE_CREATE: now,
    DATE_MODIFY: now,
    MOVED_BY_ID: String(userId),
    MOVED_TIME: now,
    OPENED: 'Y',
  }
  writeFields(portal, lead, fields, LEAD_FIELDS)
  portal.state.leads.push(lead)
  fireEvent(portal, {
    event: 'ONCRMLEADADD',
    data: { FIELDS: { ID: lead.ID } },
    userId,
    scope: 'crm',
    objectKey: `LEAD_${id}`,
  })
  return id
}

/** Updates a lead as a user; fires `ONCRMLEADUPDATE`. */
export function updateLead(portal: Portal, userId: number, id: number, fields: Record<string, unknown>): void {
  const lead = findCrm(portal.state.leads, id)
  const statusBefore = lead['STATUS_ID']
  writeFields(portal, lead, fields, LEAD_FIELDS)
  const now = formatB24Date(portal.now())
  Object.assign(lead, { MODIFY_BY_ID: String(userId), DATE_MODIFY: now })
  if (lead['STATUS_ID'] !== statusBefore) Object.assign(lead, { MOVED_BY_ID: String(userId), MOVED_TIME: now })
  fireEvent(portal, {
    event: 'ONCRMLEADUPDATE',
    data: { FIELDS: { ID: lead.ID } },
    userId,
    scope: 'crm',
    objectKey: `LEAD_${id}`,
  })
}

/** The lead methods. */
export const leadMethods: MethodTable = {
  'crm.lead.add': {
    scope: 'crm',
    handler: ({ portal, params, user }) => ({ result: addLead(portal, user.ID, asRecord(param(params, 'fields'))) }),
  },
  'crm.lead.get': { scope: 'crm', handler: ({ portal, params, user }) => getCrm(portal.state.leads, params, user) },
  'crm.lead.list': { scope: 'crm', handler: ({ portal, params, user }) => listCrm(portal.state.leads, params, user) },
  'crm.lead.update': {
    scope: 'crm',
    handler: ({ portal, params, user }) => {
      updateLead(portal, user.ID, crmId(params), asRecord(param(params, 'fields')))
      return { result: true }
    },
  },
  'crm.lead.delete': {
    scope: 'crm',
    handler: ({ portal, params, user }) => {
      deleteCrm(portal, 'lead', user.ID, crmId(params))
      return { result: true }
    },
  },
}
