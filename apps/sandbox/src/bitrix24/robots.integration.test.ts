/**
 * Robots: a deal entering a stage with the app's robot calls the handler the Bitrix24 way, and
 * `bizproc.event.send` completes the run with return values.
 */
import qs from 'qs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from './index.ts'
import { startFormReceiver, type FormReceiver } from '../test-support/form-receiver.ts'
import { restCall } from '../test-support/rest-call.ts'

let sandbox: Bitrix24Sandbox
let receiver: FormReceiver
let token: string

beforeAll(async () => {
  receiver = await startFormReceiver()
  sandbox = await createBitrix24Sandbox({ rateLimit: false, appUrl: receiver.url('') })
  await sandbox.install({ openInstallPage: false })
  token = sandbox.issueTokens(1).access_token
  const added = await restCall(sandbox.restUrl, token, 'bizproc.robot.add', {
    CODE: 'telegram_approval',
    HANDLER: receiver.url('/api/b24/robot'),
    AUTH_USER_ID: 1,
    USE_SUBSCRIPTION: 'Y',
    NAME: { ru: 'Согласование в Telegram', en: 'Telegram approval' },
    PROPERTIES: {
      approver: { Name: 'Approver', Type: 'user', Required: 'Y' },
      amount: { Name: 'Amount', Type: 'string' },
    },
    RETURN_PROPERTIES: { decision: { Name: 'Decision', Type: 'string' } },
  })
  expect(added.body).toMatchObject({ result: true })
  sandbox.placeRobot({
    code: 'telegram_approval',
    stageId: 'PREPAYMENT_INVOICE',
    properties: { approver: 'user_6', amount: '{=Document:OPPORTUNITY}' },
  })
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})

describe('robots', () => {
  it('lists the registered robot and refuses a duplicate code', async () => {
    expect((await restCall(sandbox.restUrl, token, 'bizproc.robot.list')).body['result']).toEqual(['telegram_approval'])
    const duplicate = await restCall(sandbox.restUrl, token, 'bizproc.robot.add', {
      CODE: 'telegram_approval',
      HANDLER: receiver.url('/x'),
      NAME: 'x',
    })
    expect(duplicate).toMatchObject({ status: 400, body: { error: 'ERROR_ACTIVITY_ALREADY_INSTALLED' } })
  })

  it('calls the handler with the robot request when a deal enters the stage', async () => {
    await restCall(sandbox.restUrl, token, 'crm.deal.update', { id: 1, fields: { COMMENTS: 'no stage change' } })
    await sandbox.flushEvents()
    expect(receiver.requests.filter((r) => r.path === '/api/b24/robot')).toHaveLength(0)
    await restCall(sandbox.restUrl, token, 'crm.deal.update', { id: 1, fields: { STAGE_ID: 'PREPAYMENT_INVOICE' } })
    await sandbox.flushEvents()
    const calls = receiver.requests.filter((r) => r.path === '/api/b24/robot')
    expect(calls).toHaveLength(1)
    expect(calls[0]?.contentType).toBe('application/x-www-form-urlencoded')
    const body = qs.parse(calls[0]?.body ?? '') as Record<string, unknown>
    expect(Object.keys(body)).toEqual([
      'workflow_id',
      'code',
      'document_id',
      'document_type',
      'event_token',
      'properties',
      'use_subscription',
      'timeout_duration',
      'ts',
      'auth',
    ])
    expect(body).toMatchObject({
      code: 'telegram_approval',
      document_id: ['crm', 'CCrmDocumentDeal', 'DEAL_1'],
      document_type: ['crm', 'CCrmDocumentDeal', 'DEAL'],
      properties: { approver: 'user_6', amount: sandbox.deals()[0]?.['OPPORTUNITY'] },
      use_subscription: 'Y',
      auth: { application_token: sandbox.app.applicationToken, member_id: sandbox.memberId, user_id: '1' },
    })
  })

  it('completes the run with bizproc.event.send, once', async () => {
    const run = sandbox.robotRuns().at(-1)
    expect(run?.status).toBe('waiting')
    const sent = await restCall(sandbox.restUrl, token, 'bizproc.event.send', {
      event_token: run?.eventToken,
      return_values: { decision: 'approved' },
      log_message: 'Согласовано в Telegram',
    })
    expect(sent).toMatchObject({ status: 200, body: { result: true } })
    expect(sandbox.robotRuns().at(-1)).toMatchObject({ status: 'completed', returnValues: { decision: 'approved' } })
    const again = await restCall(sandbox.restUrl, token, 'bizproc.event.send', {
      event_token: run?.eventToken,
      return_values: {},
    })
    expect(again.status).toBe(400)
  })

  it('refuses robot methods without application context and unknown codes on delete', async () => {
    const viaHook = await fetch(`${sandbox.webhookUrl(1)}bizproc.robot.list`)
    expect(viaHook.status).toBe(400)
    expect(await viaHook.json()).toEqual({ error: 'ACCESS_DENIED', error_description: 'Application context required' })
    const unknown = await restCall(sandbox.restUrl, token, 'bizproc.robot.delete', { CODE: 'nope' })
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: 'ERROR_ACTIVITY_NOT_FOUND', error_description: 'Activity or Robot not found!' },
    })
  })
})
