/**
 * `crm.duplicate.findbycomm`, `crm.contact.*` and a lead's origin fields as the documentation describes them:
 * matches by phone digits and by e-mail without case, `[]` when nothing matches, the documented 400s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restCall } from '../../test-support/rest-call.ts'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'

let sandbox: Bitrix24Sandbox
let token: string

beforeAll(async () => {
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
  await sandbox.install({ openInstallPage: false })
  token = sandbox.issueTokens(1).access_token
})
afterAll(async () => {
  await sandbox.close()
})

const call = (method: string, params: object = {}) => restCall(sandbox.restUrl, token, method, params)

describe('crm.duplicate.findbycomm', () => {
  it('finds leads and contacts by phone digits and e-mail; nothing found is an empty array', async () => {
    const phone = [{ VALUE: '+7 (916) 000-11-22', VALUE_TYPE: 'WORK' }]
    const lead = (await call('crm.lead.add', { fields: { TITLE: 'L', PHONE: phone } })).body['result']
    const email = [{ VALUE: 'Olga@Example.com', VALUE_TYPE: 'WORK' }]
    const contact = (await call('crm.contact.add', { fields: { NAME: 'Ольга', EMAIL: email, PHONE: phone } })).body[
      'result'
    ]
    const byPhone = await call('crm.duplicate.findbycomm', { type: 'PHONE', values: ['+79160001122'] })
    expect(byPhone.body['result']).toEqual({ LEAD: [lead], CONTACT: [contact] })
    const onlyContacts = await call('crm.duplicate.findbycomm', {
      entity_type: 'CONTACT',
      type: 'EMAIL',
      values: ['olga@example.com'],
    })
    expect(onlyContacts.body['result']).toEqual({ CONTACT: [contact] })
    const none = await call('crm.duplicate.findbycomm', { type: 'EMAIL', values: ['nobody@example.com'] })
    expect(none.body['result']).toEqual([])
  })

  it('refuses a missing type or values with the documented 400s', async () => {
    const noType = await call('crm.duplicate.findbycomm', { values: ['x'] })
    expect(noType.status).toBe(400)
    expect(noType.body['error']).toBe('Communication type is not defined')
    const noValues = await call('crm.duplicate.findbycomm', { type: 'PHONE' })
    expect(noValues.body['error']).toBe('Communication values is not defined')
    const fax = await call('crm.duplicate.findbycomm', { type: 'FAX', values: ['1'] })
    expect(fax.body['error']).toBe("Communication type 'FAX' is not supported in current context")
  })
})

describe('a lead from a website', () => {
  it('keeps ORIGINATOR_ID, ORIGIN_ID and CONTACT_ID and is found by them', async () => {
    const fields = { TITLE: 'С сайта', ORIGINATOR_ID: 'app', ORIGIN_ID: 'receipt-1', CONTACT_ID: 1 }
    const id = (await call('crm.lead.add', { fields })).body['result']
    const found = await call('crm.lead.list', {
      filter: { ORIGINATOR_ID: 'app', ORIGIN_ID: 'receipt-1' },
      select: ['ID'],
    })
    expect(found.body['result']).toEqual([{ ID: String(id) }])
    const lead = (await call('crm.lead.get', { id })).body['result'] as Record<string, unknown>
    expect(lead).toMatchObject({ ORIGINATOR_ID: 'app', ORIGIN_ID: 'receipt-1', CONTACT_ID: '1' })
  })
})
