/**
 * Approvers by role, routing by amount, deputies (set in the app or read from Bitrix24 calendars) and escalation
 * chains, through the SPA API and the cron tick against the Bitrix24 sandbox: who gets the Bitrix24 tasks, what
 * the history says, and what bad input is refused with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  approvalTasks,
  manualClock,
  startApprovalHarness,
  useRoundTheClockCalendar,
  type ApprovalHarness,
} from '../../test-support/approval-harness.ts'

const clock = manualClock(Date.now())
const hour = 3_600_000
const day = (offsetDays: number) => new Date(clock.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness({ clock })
  await useRoundTheClockCalendar(h)
})
afterAll(() => h.close())

async function start(userId: number, body: Record<string, unknown>) {
  const res = await h.api(userId, 'POST', '/api/app/approvals', { title: 'Маршрут', ...body })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await h.drain()
  return res.body.approval
}

const holders = (id: string) => approvalTasks(h.sandbox, id).map((t) => t.RESPONSIBLE_ID)

describe('approvers by role', () => {
  it('resolves the initiator head, a department head and the subject responsible when the stage starts', async () => {
    const deal = h.sandbox.deals()[0]!
    const roles = [{ kind: 'initiator-head' }, { kind: 'department-head', departmentId: 3 }, { kind: 'responsible' }]
    const approval = await start(4, {
      subject: { kind: 'deal', id: Number(deal.ID) },
      stages: [{ approverIds: [], roles, rule: { kind: 'all' } }],
    })
    const responsible = Number(deal.ASSIGNED_BY_ID)
    const expected = [...new Set([2, 6, responsible].filter((id) => id !== 4))]
    expect(approval.rounds[0].stages[0].seats.map((s: { userId: number }) => s.userId)).toEqual(expected)
    expect(approval.rounds[0].stages[0].resolution.roles).toEqual([
      { role: { kind: 'initiator-head' }, userIds: [2] },
      { role: { kind: 'department-head', departmentId: 3 }, userIds: [6] },
      { role: { kind: 'responsible' }, userIds: expected.slice(2) },
    ])
    expect(holders(approval.id).sort()).toEqual([...expected].sort())
  })

  it('seats every member of a department under a percent rule', async () => {
    const roles = [{ kind: 'department-members', departmentId: 3 }]
    const approval = await start(4, { stages: [{ approverIds: [], roles, rule: { kind: 'percent', percent: 50 } }] })
    expect(approval.rounds[0].stages[0].seats.map((s: { userId: number }) => s.userId)).toEqual([6, 7, 8])
    await h.api(6, 'POST', `/api/app/approvals/${approval.id}/decision`, { response: 'approve' })
    const done = await h.api(7, 'POST', `/api/app/approvals/${approval.id}/decision`, { response: 'approve' })
    expect(done.body.approval.status).toBe('approved')
  })

  it('refuses a stage whose roles name nobody, and a bad role, with 400 and creates nothing', async () => {
    const before = h.sandbox.tasks().length
    const nobody = await h.api(4, 'POST', '/api/app/approvals', {
      title: 'Без ответственного',
      stages: [{ approverIds: [], roles: [{ kind: 'responsible' }], rule: { kind: 'all' } }],
    })
    expect(nobody.status).toBe(400)
    expect(nobody.body.error.details).toEqual([{ path: 'stages.0.roles', message: expect.any(String) }])
    const bad = await h.api(4, 'POST', '/api/app/approvals', {
      title: 'Плохая роль',
      stages: [{ approverIds: [], roles: [{ kind: 'department-head', departmentId: -1 }], rule: { kind: 'all' } }],
    })
    expect(bad.status).toBe(400)
    await h.drain()
    expect(h.sandbox.tasks().length).toBe(before)
  })
})

describe('workgroup members', () => {
  const groupRole = (groupId: number) => ({ kind: 'group-members', groupId })
  const memberReads = () => h.sandbox.restLog().filter((e) => e.method === 'sonet_group.user.get')

  it('seats the owner, moderators and members of a project (not one asking to join), shown in the history', async () => {
    const approval = await start(4, {
      stages: [{ approverIds: [], roles: [groupRole(1)], rule: { kind: 'quorum', count: 3 } }],
    })
    const first = approval.rounds[0].stages[0]
    expect(first.seats.map((s: { userId: number }) => s.userId)).toEqual([6, 7, 9, 11])
    expect(first.resolution.roles).toEqual([{ role: groupRole(1), userIds: [6, 7, 9, 11] }])
    expect(holders(approval.id).sort()).toEqual([11, 6, 7, 9])
    for (const userId of [6, 7]) {
      await h.api(userId, 'POST', `/api/app/approvals/${approval.id}/decision`, { response: 'approve' })
    }
    const done = await h.api(9, 'POST', `/api/app/approvals/${approval.id}/decision`, { response: 'approve' })
    expect(done.body.approval.status).toBe('approved')
  })

  it('resolves a later stage’s group when that stage starts, without the initiator', async () => {
    const stages = [
      { approverIds: [6], rule: { kind: 'all' } },
      { approverIds: [], roles: [groupRole(2)], rule: { kind: 'any' } },
    ]
    const approval = await start(4, { stages })
    expect(approval.rounds[0].stages[1].seats).toEqual([])
    const reads = memberReads().length
    const next = await h.api(6, 'POST', `/api/app/approvals/${approval.id}/decision`, { response: 'approve' })
    const second = next.body.approval.rounds[0].stages[1]
    expect(second.seats.map((s: { userId: number }) => s.userId)).toEqual([2, 3, 5])
    expect(second.resolution.roles).toEqual([{ role: groupRole(2), userIds: [2, 3, 5] }])
    // The members read when the approval started are trusted for a minute: the stage start reads them at most once.
    expect(memberReads().length - reads).toBeLessThanOrEqual(1)
  })

  it('seats the members of a group that a resubmit adds, when the edited stage starts', async () => {
    const approval = await start(4, { stages: [{ approverIds: [6], rule: { kind: 'all' } }] })
    const back = await h.api(6, 'POST', `/api/app/approvals/${approval.id}/decision`, {
      ...{ response: 'send-back', comment: 'Пусть решит проектная группа' },
    })
    expect(back.status, JSON.stringify(back.body)).toBe(200)
    const res = await h.api(4, 'POST', `/api/app/approvals/${approval.id}/resubmit`, {
      changes: { stages: [{ approverIds: [], roles: [groupRole(1)], rule: { kind: 'any' } }] },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const stage = res.body.approval.rounds.at(-1).stages[0]
    expect(stage.seats.map((s: { userId: number }) => s.userId)).toEqual([6, 7, 9, 11])
    expect(res.body.approval.status).toBe('pending')
  })

  it('refuses a group the portal does not have, and a bad group id, with 400; creates nothing', async () => {
    await h.drain()
    const before = h.sandbox.tasks().length
    const res = await h.api(4, 'POST', '/api/app/approvals', {
      title: 'Нет группы',
      stages: [{ approverIds: [], roles: [groupRole(9999)], rule: { kind: 'all' } }],
    })
    expect(res.status).toBe(400)
    expect(res.body.error.details).toEqual([{ path: 'stages.0.roles', message: expect.any(String) }])
    const bad = await h.api(4, 'POST', '/api/app/approvals', {
      title: 'Плохая группа',
      stages: [{ approverIds: [], roles: [{ kind: 'group-members', groupId: 0 }], rule: { kind: 'all' } }],
    })
    expect(bad.status).toBe(400)
    await h.drain()
    expect(h.sandbox.tasks().length).toBe(before)
  })

  it('offers in the picker the active groups the user may see in Bitrix24', async () => {
    const names = async (userId: number) => {
      const res = await h.api(userId, 'GET', '/api/app/groups')
      expect(res.status).toBe(200)
      return res.body.groups.map((g: { id: number; name: string; isProject: boolean }) => [g.id, g.isProject])
    }
    // The secret board is listed only for its members; the archived group for nobody.
    expect(await names(4)).toEqual([
      [2, false],
      [1, true],
    ])
    expect(await names(2)).toEqual([
      [2, false],
      [3, false],
      [1, true],
    ])
  })
})

describe('routing by amount', () => {
  it('passes over a stage below the amount, saying why, and starts the next one', async () => {
    const deal = h.sandbox.deals().find((d) => Number(d.OPPORTUNITY) > 0)!
    const amount = Number(deal.OPPORTUNITY)
    const condition = {
      minAmount: { amount: amount + 1, currency: deal.CURRENCY_ID },
      pipelineIds: null,
      sourceIds: null,
    }
    const stages = [
      { approverIds: [1], condition, rule: { kind: 'all' } },
      {
        approverIds: [6],
        condition: { ...condition, minAmount: { amount, currency: deal.CURRENCY_ID } },
        rule: { kind: 'all' },
      },
    ]
    const approval = await start(4, { subject: { kind: 'deal', id: Number(deal.ID) }, stages })
    expect(approval.rounds[0].stageIndex).toBe(1)
    expect(approval.rounds[0].stages[0].resolution.skipped).toEqual({
      kind: 'amount-below',
      amount,
      currency: deal.CURRENCY_ID,
      min: condition.minAmount,
    })
    expect(holders(approval.id)).toEqual([6])
  })
})

describe('deputies', () => {
  it('sends new places of an absent person to their deputy, on their behalf, and shows it to both', async () => {
    const set = await h.api(7, 'POST', '/api/app/absences', { from: day(0), to: day(3), deputyId: 8 })
    expect(set.status, JSON.stringify(set.body)).toBe(201)
    const approval = await start(4, { stages: [{ approverIds: [7], rule: { kind: 'all' } }] })
    expect(approval.rounds[0].stages[0].seats[0]).toMatchObject({ userId: 8, originalUserId: 7, onBehalfOf: 7 })
    expect(approval.rounds[0].stages[0].resolution.delegations).toEqual([{ absentUserId: 7, deputyId: 8 }])
    expect(holders(approval.id)).toEqual([8])
    // The deputy's Bitrix24 task says on whose behalf, in the portal's language, as the Telegram card does.
    const [task] = approvalTasks(h.sandbox, approval.id)
    expect(task!.TITLE).toBe('Согласование: Маршрут (за сотрудника: Елена Новикова (заместитель))')
    expect(task!.DESCRIPTION).toMatch(/^Согласование за сотрудника: Елена Новикова \(заместитель\)\n/)
    const decided = await h.api(8, 'POST', `/api/app/approvals/${approval.id}/decision`, { response: 'approve' })
    expect(decided.body.approval.status).toBe('approved')
    const mine = await h.api(7, 'GET', '/api/app/approvals?role=approver')
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(approval.id)
    expect((await h.api(7, 'GET', `/api/app/approvals/${approval.id}`)).status).toBe(200)
    const listed = await h.api(7, 'GET', '/api/app/absences')
    await h.api(7, 'DELETE', `/api/app/absences/${listed.body.absences[0].id}`)
    expect((await h.api(7, 'GET', '/api/app/absences')).body.absences).toEqual([])
  })

  it('a reassigned place gets a task on behalf of its original approver; the old one names nobody', async () => {
    const approval = await start(4, { stages: [{ approverIds: [6], rule: { kind: 'all' } }] })
    const moved = await h.api(6, 'POST', `/api/app/approvals/${approval.id}/reassign`, {
      ...{ fromUserId: 6, toUserId: 9, reason: 'В отпуске' },
    })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    await h.drain()
    const tasks = approvalTasks(h.sandbox, approval.id)
    expect(tasks.map((t) => [t.RESPONSIBLE_ID, t.TITLE])).toEqual([
      [6, 'Согласование: Маршрут'],
      [9, 'Согласование: Маршрут (за сотрудника: Дмитрий Лебедев (передано))'],
    ])
    await h.drain()
    expect(approvalTasks(h.sandbox, approval.id)).toHaveLength(2)
  })

  it.each([
    ['oneself as deputy', { from: day(0), to: day(1), deputyId: 7 }, 'INVALID_INPUT'],
    ['an unknown deputy', { from: day(0), to: day(1), deputyId: 9999 }, 'UNKNOWN_APPROVERS'],
    ['an end before the start', { from: day(2), to: day(1), deputyId: 8 }, 'VALIDATION_FAILED'],
    ['an absence already over', { from: day(-5), to: day(-2), deputyId: 8 }, 'INVALID_INPUT'],
  ])('refuses %s with 400 and keeps nothing', async (_case, body, code) => {
    const res = await h.api(7, 'POST', '/api/app/absences', body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe(code)
    expect((await h.api(7, 'GET', '/api/app/absences')).body.absences).toEqual([])
  })

  it('removes only one’s own absence: another person’s id is 404', async () => {
    const set = await h.api(7, 'POST', '/api/app/absences', { from: day(0), to: day(1), deputyId: 8 })
    const res = await h.api(8, 'DELETE', `/api/app/absences/${set.body.absence.id}`)
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('ABSENCE_NOT_FOUND')
    expect((await h.api(7, 'DELETE', `/api/app/absences/${set.body.absence.id}`)).status).toBe(200)
  })

  it('keeps both of two absences saved at once', async () => {
    const bodies = [
      { from: day(1), to: day(2), deputyId: 8 },
      { from: day(4), to: day(5), deputyId: 6 },
    ]
    await Promise.all(bodies.map((body) => h.api(7, 'POST', '/api/app/absences', body)))
    const listed = (await h.api(7, 'GET', '/api/app/absences')).body.absences
    expect(listed.map((a: { deputyId: number }) => a.deputyId).sort()).toEqual([6, 8])
    for (const a of listed) await h.api(7, 'DELETE', `/api/app/absences/${a.id}`)
  })

  it('with the setting on, treats a person as away while their Bitrix24 calendar says absent', async () => {
    await h.sandbox.callAsUser(10, 'calendar.event.add', {
      ...{ type: 'user', ownerId: 10, section: 1, name: 'Отпуск', accessibility: 'absent', skip_time: 'Y' },
      ...{ from: day(-1), to: day(2) },
    })
    const off = await start(4, { stages: [{ approverIds: [10], rule: { kind: 'all' } }] })
    expect(holders(off.id)).toEqual([10])
    const settings = (await h.api(1, 'GET', '/api/app/settings')).body.settings
    expect((await h.api(1, 'PUT', '/api/app/settings', { ...settings, isPortalAbsenceUsed: true })).status).toBe(200)
    const on = await start(4, { stages: [{ approverIds: [10], rule: { kind: 'all' } }] })
    // Николай (10) is a lawyer; legal is headed by 9, so the place goes to 9.
    expect(on.rounds[0].stages[0].seats[0]).toMatchObject({ userId: 9, onBehalfOf: 10 })
    expect(holders(on.id)).toEqual([9])
    const read = h.sandbox.restLog().filter((e) => JSON.stringify(e.params).includes('calendar.accessibility.get'))
    expect(read.map((e) => e.method)).toEqual(['batch'])
    expect((await h.api(1, 'PUT', '/api/app/settings', { ...settings, isPortalAbsenceUsed: false })).status).toBe(200)
  })
})

describe('escalation chains', () => {
  it('climbs to the next head after each timeout with the clock reset, then applies the action after the chain', async () => {
    const deadline = { workingHours: 2, action: 'escalate', afterEscalation: 'reject' }
    const approval = await start(4, { stages: [{ approverIds: [8], rule: { kind: 'all' }, deadline }] })
    const seatHolder = async () => (await h.api(1, 'GET', `/api/app/approvals/${approval.id}`)).body.approval
    for (const expected of [6, 1]) {
      clock.advance(2 * hour + 1000)
      await h.tick()
      await h.drain()
      expect((await seatHolder()).rounds[0].stages[0].seats[0].userId).toBe(expected)
    }
    clock.advance(2 * hour + 1000)
    await h.tick()
    await h.drain()
    const ended = await seatHolder()
    expect(ended.status).toBe('expired')
    const timeouts = ended.audit.filter((e: { action: string }) => e.action === 'timeout')
    expect(timeouts.map((e: { timeoutAction: string }) => e.timeoutAction)).toEqual(['escalate', 'escalate', 'reject'])
    expect(timeouts[1].handovers).toEqual([{ fromUserId: 6, toUserId: 1 }])
  })
})
