/**
 * @module `crm.contact.add/get/list` with multifields (the legacy contact methods, like leads): enough for a
 * repeat customer found by `crm.duplicate.findbycomm` and a lead bound to it with `CONTACT_ID`.
 * @see https://apidocs.bitrix24.com/api-reference/crm/contacts/crm-contact-add.html
 */
import { formatB24Date } from '../b24-date.ts'
import type { Portal } from '../portal.ts'
import { nextId, type CrmRecord } from '../state.ts'
import { asRecord, param } from '../rest/params.ts'
import type { MethodTable } from '../rest/registry.ts'
import { getCrm, listCrm, writeFields } from './crm-entity.ts'

const CONTACT_FIELDS = new Set(['NAME', 'SECOND_NAME', 'LAST_NAME', 'POST', 'ASSIGNED_BY_ID', 'COMMENTS', 'OPENED'])

/** The portal's contacts (a snapshot older than contacts has none yet). */
export function contactsOf(portal: Portal): CrmRecord[] {
  return (portal.state.contacts ??= [])
}

/** Adds a contact as a user. */
export function addContact(portal: Portal, userId: number, fields: Record<string, unknown>): number {
  const id = nextId(portal.state, 'contact')
  const now = formatB24Date(portal.now())
  const contact: CrmRecord = {
    ID: String(id),
    NAME: null,
    LAST_NAME: null,
    ASSIGNED_BY_ID: String(userId),
    CREATED_BY_ID: String(userId),
    DATE_CREATE: now,
    DATE_MODIFY: now,
    OPENED: 'Y',
  }
  writeFields(portal, contact, fields, CONTACT_FIELDS)
  contactsOf(portal).push(contact)
  return id
}

/** The contact methods. */
export const contactMethods: MethodTable = {
  'crm.contact.add': {
    scope: 'crm',
    handler: ({ portal, params, user }) => ({
      result: addContact(portal, user.ID, asRecord(param(params, 'fields'))),
    }),
  },
  'crm.contact.get': { scope: 'crm', handler: ({ portal, params, user }) => getCrm(contactsOf(portal), params, user) },
  'crm.contact.list': {
    scope: 'crm',
    handler: ({ portal, params, user }) => listCrm(contactsOf(portal), params, user),
  },
}
