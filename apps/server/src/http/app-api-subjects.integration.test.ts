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

describe('GET /api/app/subjects/:kind (the picker outside the portal frame)', () => {
  type Match = { kind: string; id: number; title: string; stage: string | null; client: string | null }
  const search = async (userId: number, path: string) => {
    const res = await h.api(userId, 'GET', path)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body.items as Match[]
  }
  const deal = (id: number) => h.sandbox.portal.state.deals.find((d) => d['ID'] === String(id))!

  it('finds deals by a part of the title, any case, with stage, amount and currency, recently changed first', async () => {
    const items = await search(3, `/api/app/subjects/deal?q=${encodeURIComponent('ПОСТАВКА')}`)
    expect(items.map((m) => m.id).sort((a, b) => a - b)).toEqual([1, 6, 12])
    const server = items.find((m) => m.id === 12)!
    expect(server).toEqual({
      kind: 'deal',
      id: 12,
      title: 'Поставка серверов «ДатаЦентр»',
      stage: expect.any(String),
      amount: 1_500_000,
      currency: 'RUB',
      client: null,
    })
    const stageId = String(deal(12)['STAGE_ID'])
    const stage = h.sandbox.portal.state.statuses.find((s) => s.ENTITY_ID === 'DEAL_STAGE' && s.STATUS_ID === stageId)
    expect(server.stage).toBe(stage!.NAME)
    const modified = items.map((m) => String(deal(m.id)['DATE_MODIFY']))
    expect(modified).toEqual([...modified].sort().reverse())
  })

  it('puts the item a typed id names first, and finds deals in every pipeline', async () => {
    const items = await search(3, '/api/app/subjects/deal?q=5')
    expect(items[0]).toMatchObject({ id: 5, title: deal(5)['TITLE'] })
    const across = await search(3, `/api/app/subjects/deal?q=${encodeURIComponent('сервер')}`)
    expect(across.map((m) => m.id).sort((a, b) => a - b)).toEqual([12, 18])
    expect(across.find((m) => m.id === 18)!.stage).not.toMatch(/^C1:/)
  })

  it('names a lead by its person and a deal by its contact', async () => {
    const [lead] = await search(3, `/api/app/subjects/lead?q=${encodeURIComponent('интеграция')}`)
    expect(lead).toMatchObject({ kind: 'lead', id: 1, client: 'Виктор Зайцев', stage: expect.any(String) })
    const contactId = (await h.sandbox.callAsUser(1, 'crm.contact.add', {
      fields: { NAME: 'Анна', LAST_NAME: 'Смирнова' },
    })) as number
    await h.sandbox.callAsUser(1, 'crm.deal.update', { id: 7, fields: { CONTACT_ID: contactId } })
    const [site] = await search(3, `/api/app/subjects/deal?q=${encodeURIComponent('Зелёный дом')}`)
    expect(site).toMatchObject({ id: 7, client: 'Анна Смирнова' })
  })

  it('lists only what the user may read in Bitrix24 (their own token)', async () => {
    const [userId] = h.addUsers(1)
    h.sandbox.portal.state.users.find((u) => u.ID === userId)!.CRM_READ = 'own'
    deal(6)['ASSIGNED_BY_ID'] = String(userId)
    const items = await search(userId!, `/api/app/subjects/deal?q=${encodeURIComponent('поставка')}`)
    expect(items.map((m) => m.id)).toEqual([6])
    // One request, made as that user: the list and the stage names go in one batch.
    const before = h.sandbox.restLog().length
    await search(userId!, `/api/app/subjects/deal?q=${encodeURIComponent('аудит')}`)
    expect(
      h.sandbox
        .restLog()
        .slice(before)
        .map((e) => [e.method, e.userId]),
    ).toEqual([['batch', userId]])
  })

  it('answers at most 20 matches and an empty list when nothing matches', async () => {
    for (let i = 0; i < 25; i += 1) {
      await h.sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: `Серия ${i}`, ASSIGNED_BY_ID: 3 } })
    }
    expect(await search(3, `/api/app/subjects/deal?q=${encodeURIComponent('серия')}`)).toHaveLength(20)
    expect(await search(3, '/api/app/subjects/lead?q=zzzz-nothing')).toEqual([])
  })

  it.each([
    ['/api/app/subjects/deal', 'no text'],
    ['/api/app/subjects/deal?q=%20%20', 'blank text'],
    [`/api/app/subjects/deal?q=${'x'.repeat(101)}`, 'text over 100 characters'],
    ['/api/app/subjects/task?q=x', 'a kind other than deal or lead'],
  ])('refuses %s (%s) with 400 and asks the portal nothing', async (path) => {
    await h.api(3, 'GET', '/api/app/me')
    const before = h.sandbox.restLog().length
    const res = await h.api(3, 'GET', path)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(h.sandbox.restLog().slice(before)).toEqual([])
  })

  it('refuses a caller without credentials with 401', async () => {
    const res = await h.server.app.request('/api/app/subjects/deal?q=x')
    expect(res.status).toBe(401)
  })
})

describe('GET /api/app/subjects/:kind/:id (a standalone form reads its subject)', () => {
  it('answers the deal as the user sees it in Bitrix24', async () => {
    const res = await h.api(3, 'GET', '/api/app/subjects/deal/12')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.subject).toMatchObject({
      ...{ kind: 'deal', id: 12, title: 'Поставка серверов «ДатаЦентр»', amount: 1_500_000, currency: 'RUB' },
      url: expect.stringMatching(/\/crm\/deal\/details\/12\/$/),
    })
  })

  it('refuses an item the user may not read with 403, and an unknown one with 404', async () => {
    const [userId] = h.addUsers(1)
    h.sandbox.portal.state.users.find((u) => u.ID === userId)!.CRM_READ = 'own'
    const denied = await h.api(userId!, 'GET', '/api/app/subjects/deal/12')
    expect([denied.status, denied.body.error.code]).toEqual([403, 'SUBJECT_ACCESS_DENIED'])
    const unknown = await h.api(3, 'GET', '/api/app/subjects/lead/999999')
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'SUBJECT_NOT_FOUND'])
  })

  it.each(['/api/app/subjects/task/1', '/api/app/subjects/deal/0', '/api/app/subjects/deal/x'])(
    'refuses %s with 400 and asks the portal nothing',
    async (path) => {
      await h.api(3, 'GET', '/api/app/me')
      const before = h.sandbox.restLog().length
      const res = await h.api(3, 'GET', path)
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(h.sandbox.restLog().slice(before)).toEqual([])
    },
  )
})
