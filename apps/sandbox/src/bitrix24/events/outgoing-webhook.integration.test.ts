/**
 * Outgoing webhooks (§4.7): the webhook mode's event source, independent of the local application.
 */
import qs from 'qs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { startFormReceiver, type FormReceiver } from '../../test-support/form-receiver.ts'

let sandbox: Bitrix24Sandbox
let receiver: FormReceiver

beforeAll(async () => {
  receiver = await startFormReceiver()
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})

describe('outgoing webhook', () => {
  it('posts the chosen events with only domain, endpoints, member_id and its application_token', async () => {
    const applicationToken = sandbox.addOutgoingWebhook(receiver.url('/api/b24/events'), ['ONCRMDEALADD'])
    const hook = sandbox.webhookUrl(3)
    const added = await fetch(`${hook}crm.deal.add.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { TITLE: 'Из входящего вебхука' } }),
    })
    const id = ((await added.json()) as { result: number }).result
    await sandbox.callAsUser(3, 'crm.lead.add', { fields: { TITLE: 'not subscribed' } })
    await sandbox.flushEvents()
    expect(receiver.requests).toHaveLength(1)
    const body = qs.parse(receiver.requests[0]?.body ?? '') as Record<string, unknown>
    expect(body).toMatchObject({ event: 'ONCRMDEALADD', data: { FIELDS: { ID: String(id) } } })
    expect(body['auth']).toEqual({
      domain: sandbox.domain,
      client_endpoint: sandbox.restUrl,
      server_endpoint: `${sandbox.oauthServerUrl}/rest/`,
      member_id: sandbox.memberId,
      application_token: applicationToken,
    })
  })
})
