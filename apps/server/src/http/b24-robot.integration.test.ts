/**
 * The robot end to end through the Bitrix24 sandbox: registered on install (and kept current on re-install),
 * placed on a stage, called when a deal enters it, one approval per `event_token`, answered with
 * `bizproc.event.send`, the next robot of the stage moving the deal on; bad input ends the robot with `error`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeStageRobot } from '../../../sandbox/src/bitrix24/robots.ts'
import { bracketEncode, postForm } from '../test-support/app-server.ts'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'
import { robotCallKey, robotCallQueue, type RobotCallRecord } from '../services/robot/robot-calls.ts'
import { activityCode, robotCode } from '../services/robot/robot-action.ts'
import { expireInbox, inboxRetentionMs } from '../services/event-inbox.ts'

let h: ApprovalHarness

const robotCalls = () => h.sandbox.robotCalls()
const dealStage = (id: number) => h.sandbox.deals().find((d) => Number(d.ID) === id)?.['STAGE_ID']
const runsOf = (id: number) => h.sandbox.robotRuns().filter((r) => r.documentId[2] === `DEAL_${id}`)

async function settle() {
  for (let i = 0; i < 5; i += 1) {
    await h.sandbox.flushEvents()
    await h.drain()
  }
}

async function moveDeal(id: number, stageId: string, userId = 3) {
  await h.sandbox.callAsUser(userId, 'crm.deal.update', { id, fields: { STAGE_ID: stageId } })
  await settle()
}

async function approvalOf(dealId: number) {
  const list = await h.api(1, 'GET', `/api/app/subjects/deal/${dealId}/approvals`)
  return list.body
}

beforeAll(async () => {
  h = await startApprovalHarness()
  h.sandbox.placeRobot({
    code: robotCode,
    stageId: 'PREPAYMENT_INVOICE',
    properties: { approvers: 'user_6, user_9', rule: 'any', title: 'Скидка: {=Document:TITLE}' },
  })
  h.sandbox.placeRobot({
    code: changeStageRobot,
    stageId: 'PREPAYMENT_INVOICE',
    properties: { stageId: 'EXECUTING' },
    condition: { field: 'result', equals: 'approved' },
  })
  h.sandbox.placeRobot({
    code: changeStageRobot,
    stageId: 'PREPAYMENT_INVOICE',
    properties: { stageId: 'PREPARATION' },
    condition: { field: 'result', equals: 'rejected' },
  })
}, 30_000)
afterAll(() => h.close())

describe('a deal entering the stage', () => {
  it('starts one approval on the deal, answers the robot when decided and the next robot moves the deal', async () => {
    await moveDeal(1, 'PREPAYMENT_INVOICE')
    const calls = robotCalls().filter((c) => c.body.includes('DEAL_1'))
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ status: 200, error: null })
    const approvals = (await approvalOf(1)) as { items: { id: string; title: string; status: string }[] }
    expect(approvals.items).toHaveLength(1)
    const approval = approvals.items[0]!
    expect(approval.title).toBe(`Скидка: ${h.sandbox.deals()[0]!['TITLE']}`)
    const full = await h.api(6, 'GET', `/api/app/approvals/${approval.id}`)
    expect(full.body.approval).toMatchObject({
      initiatorId: 3,
      subject: { kind: 'deal', id: 1 },
      origin: { kind: 'robot', stageName: 'Согласование' },
      isFromRobot: true,
    })
    expect(runsOf(1).at(-1)).toMatchObject({ status: 'waiting', robotCode })
    const decided = await h.api(9, 'POST', `/api/app/approvals/${approval.id}/decision`, {
      response: 'approve',
      comment: 'Согласую',
    })
    expect(decided.status).toBe(200)
    await settle()
    const run = runsOf(1).find((r) => r.robotCode === robotCode)!
    expect(run.status).toBe('completed')
    expect(run.returnValues).toMatchObject({
      result: 'approved',
      comment: 'Согласую',
      decided_by: 'user_9',
      answers: expect.stringContaining('Согласую'),
    })
    expect(String(run.returnValues?.['decided_at'])).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(dealStage(1)).toBe('EXECUTING')
    expect(
      runsOf(1)
        .filter((r) => r.robotCode === changeStageRobot)
        .map((r) => r.status),
    ).toEqual(['completed'])
  })

  it('a rejection takes the other branch', async () => {
    await moveDeal(2, 'PREPAYMENT_INVOICE')
    const approval = ((await approvalOf(2)) as { items: { id: string }[] }).items[0]!
    await h.api(6, 'POST', `/api/app/approvals/${approval.id}/decision`, { response: 'reject', comment: 'Дорого' })
    await settle()
    expect(runsOf(2).find((r) => r.robotCode === robotCode)?.returnValues).toMatchObject({
      result: 'rejected',
      decided_by: 'user_6',
    })
    expect(dealStage(2)).toBe('PREPARATION')
  })

  it('a repeated call with the same event_token names the same approval and stores nothing new', async () => {
    const call = robotCalls().find((c) => c.body.includes('DEAL_1'))!
    const again = await postForm(h.server, '/api/b24/robot', call.body)
    expect(again.status).toBe(200)
    const body = (await again.json()) as { result: string; approvalId: string }
    expect(body.result).toBe('duplicate')
    const first = ((await approvalOf(1)) as { items: { id: string }[] }).items
    expect(first.map((a) => a.id)).toEqual([body.approvalId])
  })

  it('a deal that leaves the stage terminates the robot; the late answer is recorded once, not retried', async () => {
    const deal = Number(await h.sandbox.callAsUser(3, 'crm.deal.add', { fields: { TITLE: 'Ушла со стадии' } }))
    await moveDeal(deal, 'PREPAYMENT_INVOICE')
    const approval = ((await approvalOf(deal)) as { items: { id: string }[] }).items[0]!
    await moveDeal(deal, 'EXECUTING')
    expect(runsOf(deal).find((r) => r.robotCode === robotCode)?.status).toBe('terminated')
    await h.api(6, 'POST', `/api/app/approvals/${approval.id}/decision`, { response: 'approve' })
    await settle()
    await h.tick()
    await settle()
    const workflow = runsOf(deal)[0]!.workflowId
    const sends = h.sandbox.restLog().filter((c) => {
      const params = JSON.stringify(c.params)
      return params.includes('bizproc.event.send') && params.includes(workflow)
    })
    expect(sends).toHaveLength(1)
    const page = await h.api(1, 'GET', `/api/app/approvals/${approval.id}`)
    expect(page.body.writeBackProblems).toEqual([
      expect.objectContaining({ kind: 'robot-result', state: 'refused', code: 'ERROR_WRONG_WORKFLOW_ID' }),
    ])
  })
})

describe('a portal that fails while the call is run', () => {
  it('keeps the stored call and starts its one approval on the next cron tick', async () => {
    const deal = Number(await h.sandbox.callAsUser(3, 'crm.deal.add', { fields: { TITLE: 'Портал недоступен' } }))
    h.sandbox.failNext('crm.deal.get', { status: 500, code: 'INTERNAL_SERVER_ERROR', times: 1 })
    await moveDeal(deal, 'PREPAYMENT_INVOICE')
    expect(((await approvalOf(deal)) as { items: unknown[] }).items).toEqual([])
    const call = robotCalls().find((c) => c.body.includes(`DEAL_${deal}`))!
    const token = new URLSearchParams(call.body).get('event_token')!
    const stored = await h.server.store.get<RobotCallRecord>(robotCallKey(h.sandbox.memberId, token))
    expect(stored?.value).toMatchObject({ status: 'pending', attempts: 1 })
    // Its retry is due after a 5 s backoff: make it due now, as if the time had passed.
    const key = robotCallKey(h.sandbox.memberId, token)
    await h.server.store.enqueue(robotCallQueue, { id: key, payload: { key }, dueAt: Date.now() })
    await h.tick()
    await settle()
    expect(((await approvalOf(deal)) as { items: unknown[] }).items).toHaveLength(1)
    await h.tick()
    expect(((await approvalOf(deal)) as { items: unknown[] }).items).toHaveLength(1)
  })
})

describe('bad input and forged calls', () => {
  const forged = (auth: Record<string, string>) =>
    bracketEncode({
      workflow_id: 'wf.1',
      code: robotCode,
      document_id: ['crm', 'CCrmDocumentDeal', 'DEAL_4'],
      document_type: ['crm', 'CCrmDocumentDeal', 'DEAL'],
      event_token: 'forged|A1|x.y',
      properties: { approvers: 'user_6' },
      auth,
    })

  it('refuses a call with a wrong or missing application_token or an unknown member_id, storing nothing', async () => {
    const memberId = h.sandbox.memberId
    for (const auth of <Record<string, string>[]>[
      { member_id: memberId, application_token: 'wrong' },
      { member_id: memberId },
      { member_id: 'unknown-portal', application_token: h.sandbox.app.applicationToken },
    ]) {
      const response = await postForm(h.server, '/api/b24/robot', forged(auth))
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ error: { code: 'EVENT_NOT_AUTHENTIC' } })
    }
    expect(await h.server.store.get(robotCallKey(memberId, 'forged|A1|x.y'))).toBeNull()
  })

  it.each([
    ['no approvers', { approvers: '' }, 'Не заданы согласующие'],
    ['an unknown user', { approvers: 'user_999' }, '999'],
    ['a group instead of a user', { approvers: 'group_g1' }, 'group_g1'],
    ['a quorum larger than the stage', { approvers: 'user_6', rule: 'quorum', rule_value: '5' }, 'Кворум'],
  ])('ends the robot at once with error for %s, with a timeline comment', async (_name, properties, words) => {
    h.sandbox.portal.state.robotTriggers = h.sandbox.portal.state.robotTriggers.filter((t) => t.stageId !== 'NEW')
    h.sandbox.placeRobot({ code: robotCode, stageId: 'NEW', properties })
    const deal = Number(await h.sandbox.callAsUser(3, 'crm.deal.add', { fields: { TITLE: 'Плохой робот' } }))
    await settle()
    const run = runsOf(deal).find((r) => r.robotCode === robotCode)!
    expect(run.status).toBe('completed')
    expect(run.returnValues).toMatchObject({ result: 'error', decided_by: '' })
    expect(String(run.returnValues?.['comment']).toLowerCase()).toContain(words.toLowerCase())
    const notes = h.sandbox.portal.state.timeline.filter((c) => c.ENTITY_ID === deal)
    expect(notes.some((n) => n.COMMENT.includes('не запустил согласование'))).toBe(true)
    expect(((await approvalOf(deal)) as { items: unknown[] }).items).toEqual([])
  })

  it('ends a robot on an unsupported document with error and answers 200', async () => {
    const token = 'wf.2|A2|smart.sig'
    const body = bracketEncode({
      workflow_id: 'wf.2',
      code: robotCode,
      document_id: ['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', 'DYNAMIC_128_1'],
      event_token: token,
      properties: { approvers: 'user_6' },
      auth: { member_id: h.sandbox.memberId, application_token: h.sandbox.app.applicationToken, user_id: '3' },
    })
    const response = await postForm(h.server, '/api/b24/robot', body)
    expect(response.status).toBe(200)
    await settle()
    const stored = await h.server.store.get<RobotCallRecord>(robotCallKey(h.sandbox.memberId, token))
    // The sandbox never issued this token: the portal refuses the answer, which is recorded once.
    expect(stored?.value).toMatchObject({
      status: 'ended',
      error: { code: 'UNSUPPORTED_DOCUMENT', refused: 'ACCESS_DENIED' },
    })
  })
})

describe('registration', () => {
  it('registers the robot and the business-process action on install, and updates them on re-install', async () => {
    const { robots, activities } = h.sandbox.portal.state
    expect(robots.map((r) => r.CODE)).toEqual([robotCode])
    expect(activities.map((a) => a.CODE)).toEqual([activityCode])
    expect(robots[0]).toMatchObject({
      HANDLER: `${h.listener.url}/api/b24/robot`,
      USE_SUBSCRIPTION: 'Y',
      NAME: { ru: 'Согласование в Telegram', en: 'Telegram approval' },
    })
    expect(Object.keys(robots[0]!.RETURN_PROPERTIES)).toEqual([
      'result',
      'comment',
      'decided_by',
      'decided_at',
      'answers',
    ])
    robots[0]!.HANDLER = 'https://stale.example/old'
    // The administrator opens the install path again ("reinstall"): the robot is updated, not added twice.
    const tokens = h.sandbox.issueTokens(1)
    const form = new URLSearchParams({
      ...{ AUTH_ID: tokens.access_token, REFRESH_ID: tokens.refresh_token, AUTH_EXPIRES: '3600' },
      ...{ member_id: h.sandbox.memberId, SERVER_ENDPOINT: `${h.sandbox.oauthServerUrl}/rest/` },
    })
    const domain = new URL(h.sandbox.url).host
    const reinstall = await h.server.app.request(`/api/b24/install?DOMAIN=${domain}&PROTOCOL=0`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
    expect(reinstall.status).toBe(200)
    expect(await reinstall.text()).toContain('"updated":["telegram_approval","telegram_approval_activity"]')
    expect(h.sandbox.portal.state.robots.map((r) => r.CODE)).toEqual([robotCode])
    expect(h.sandbox.portal.state.robots[0]!.HANDLER).toBe(`${h.listener.url}/api/b24/robot`)
  })
})

describe('stored robot calls', () => {
  it('expire with the inbox after the retention, so the store stays bounded', async () => {
    const keys = h.sandbox
      .robotCalls()
      .map((c) => new URLSearchParams(c.body).get('event_token')!)
      .map((token) => robotCallKey(h.sandbox.memberId, token))
    expect(keys.length).toBeGreaterThan(0)
    const stored = async () => (await Promise.all(keys.map((k) => h.server.store.get(k)))).filter(Boolean).length
    expect(await stored()).toBe(keys.length)
    const store = h.server.store
    await expireInbox({ store, clock: { now: () => Date.now() + inboxRetentionMs - 60_000 } })
    expect(await stored()).toBe(keys.length)
    await expireInbox({ store, clock: { now: () => Date.now() + inboxRetentionMs + 60_000 } })
    expect(await stored()).toBe(0)
  })
})
