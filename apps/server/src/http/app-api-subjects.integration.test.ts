/**
 * The deal/lead card tab's listing (`GET /api/app/subjects/:kind/:id/approvals`) against the Bitrix24 sandbox:
 * any user sees the approvals of the item they may view, admins see all of them, and bad input is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(async () => {
  await h.close()
})

const subject = (kind: 'deal' | 'lead', id: number) => ({ kind, id })

async function start(initiator: number, approverIds: number[], about: ReturnType<typeof subject>, title: string) {
  const stages = [{ approverIds, rule: { kind: 'all' } }]
  const body = { title, stages, subject: about, commentPolicy: 'optional' }
  const res = await h.api(initiator, 'POST', '/api/app/approvals', body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await h.drain()
  return res.body.approval.id as string
}

const titlesOn = async (userId: number, path: string) => {
  const res = await h.api(userId, 'GET', path)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return (res.body.items as { title: string }[]).map((row) => row.title)
}

describe('GET /api/app/subjects/:kind/:id/approvals', () => {
  let ids: { mine: string; others: string; otherDeal: string; lead: string }

  beforeAll(async () => {
    ids = {
      mine: await start(3, [2], subject('deal', 5), 'Mine on deal 5'),
      others: await start(6, [7], subject('deal', 5), 'Others on deal 5'),
      otherDeal: await start(3, [2], subject('deal', 4), 'Mine on deal 4'),
      lead: await start(3, [2], subject('lead', 4), 'Mine on lead 4'),
    }
  })

  it('gives a non-admin manager the approvals of the deal they started or answer, newest first', async () => {
    // The list's role=all stays admin-only; the tab does not need it.
    expect((await h.api(3, 'GET', '/api/app/approvals?role=all&subjectKind=deal&subjectId=5')).status).toBe(403)
    expect(await titlesOn(3, '/api/app/subjects/deal/5/approvals')).toEqual(['Mine on deal 5'])
    expect(await titlesOn(7, '/api/app/subjects/deal/5/approvals')).toEqual(['Others on deal 5'])
    expect(await titlesOn(2, '/api/app/subjects/deal/5/approvals')).toEqual(['Mine on deal 5'])
    expect(await titlesOn(5, '/api/app/subjects/deal/5/approvals')).toEqual([])
    expect(await titlesOn(3, '/api/app/subjects/lead/4/approvals')).toEqual(['Mine on lead 4'])
  })

  it('gives an admin every approval of the deal, with rows shaped like the list', async () => {
    const res = await h.api(1, 'GET', '/api/app/subjects/deal/5/approvals')
    expect(res.status).toBe(200)
    expect(res.body.items.map((row: { id: string }) => row.id)).toEqual([ids.others, ids.mine])
    expect(res.body.items[0]).toMatchObject({
      status: 'pending',
      initiatorId: 6,
      subject: { kind: 'deal', id: 5, title: h.sandbox.portal.state.deals[4]!['TITLE'] },
      waitingFor: [7],
    })
    expect(res.body.cursor).toBeNull()
  })

  it('pages by cursor', async () => {
    const first = await h.api(1, 'GET', '/api/app/subjects/deal/5/approvals?limit=1')
    expect(first.body.items.map((row: { id: string }) => row.id)).toEqual([ids.others])
    expect(first.body.cursor).toEqual(expect.any(String))
    const next = `/api/app/subjects/deal/5/approvals?limit=1&cursor=${encodeURIComponent(first.body.cursor)}`
    const second = await h.api(1, 'GET', next)
    expect(second.body.items.map((row: { id: string }) => row.id)).toEqual([ids.mine])
  })

  it('moves an approval to the deal it was resubmitted about', async () => {
    const id = await start(3, [2], subject('deal', 6), 'Moved from deal 6')
    const sentBack = await h.api(2, 'POST', `/api/app/approvals/${id}/decision`, { response: 'send-back' })
    expect(sentBack.body.approval.status, JSON.stringify(sentBack.body)).toBe('returned')
    const changes = { subject: subject('deal', 7) }
    expect((await h.api(3, 'POST', `/api/app/approvals/${id}/resubmit`, { changes })).status).toBe(200)
    await h.drain()
    expect(await titlesOn(3, '/api/app/subjects/deal/6/approvals')).toEqual([])
    expect(await titlesOn(3, '/api/app/subjects/deal/7/approvals')).toEqual(['Moved from deal 6'])
  })

  it('answers bad input with 400 and no credentials with 401', async () => {
    for (const path of [
      '/api/app/subjects/contact/5/approvals',
      '/api/app/subjects/deal/abc/approvals',
      '/api/app/subjects/deal/0/approvals',
      '/api/app/subjects/deal/5/approvals?limit=0',
      '/api/app/subjects/deal/5/approvals?limit=101',
    ]) {
      const res = await h.api(3, 'GET', path)
      expect(res.status, path).toBe(400)
      expect(res.body.error.code, path).toBe('VALIDATION_FAILED')
    }
    const badCursor = await h.api(3, 'GET', '/api/app/subjects/deal/5/approvals?cursor=not-a-cursor')
    expect(badCursor.status).toBe(400)
    expect(badCursor.body.error.code).toBe('INVALID_CURSOR')
    expect((await h.server.app.request('/api/app/subjects/deal/5/approvals')).status).toBe(401)
  })
})
