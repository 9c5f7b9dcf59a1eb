/**
 * Known answers for every statistics figure: 72 approvals are generated through the real domain and
 * `commitTransition` over SQLite (answers, rejections, send-backs, cancellations, timeouts, late answers, two-stage
 * approvals), then each figure is computed here independently from the final approvals and their audit, and the
 * statistics call must give the same numbers for every filter, grouping and scope.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import type { Actor, Approval, ApprovalDraftInput, StatsGrouping } from '../../domain/index.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { seedApproval, seedDecision, seedDeps } from '../../test-support/seed-approvals.ts'
import { changeApproval, type CommitDeps } from '../approvals/commit-transition.ts'
import { approverWorkload, daysOf } from '../../domain/index.ts'
import { readStatistics, type Statistics, type StatsFilter } from './read-stats.ts'
import { rebuildStatistics, rebuildStatisticsSlice } from './rebuild-stats.ts'
import { pendingCountersKey, statsMarkerKey, type StatsMarker } from './record-stats.ts'
import { catchUpStatistics } from './stats-catch-up.ts'
import { forgetStatistics } from '../../test-support/forget-statistics.ts'

const memberId = 'member-stats'
const minute = 60_000
const admin: Actor = { userId: 1, isAdmin: true }
const departments: Record<number, number> = { 20: 5, 21: 5, 22: 6, 23: 6 }
let now = Date.parse('2026-10-05T06:00:00Z')
let store: Store
let deps: CommitDeps
const finals: Approval[] = []
/** When each approval's deadline passes (late answers are those after it). */
const dueAtOf = new Map<string, number>()

function draftOf(i: number): ApprovalDraftInput {
  const stages =
    i % 4 === 0
      ? [
          { approverIds: [10, 11], rule: { kind: 'all' as const } },
          { approverIds: [12], rule: { kind: 'any' as const } },
        ]
      : [{ approverIds: [10 + (i % 3)], rule: { kind: 'any' as const } }]
  const kind = (['deal', 'lead', 'deal', null] as const)[i % 4]
  const subject = kind ? { kind, id: 100 + i, title: `#${i}`, amount: null, currency: null, url: null } : null
  const withPipeline = subject && kind === 'deal' ? { ...subject, pipelineId: i % 3 === 0 ? 1 : 0 } : subject
  const hasDeadline = i % 6 === 5 || i % 7 === 3
  const action = i % 6 === 5 ? ('reject' as const) : ('mark-overdue' as const)
  const deadline = hasDeadline ? { dueAt: new Date(now + 90 * minute).toISOString(), action } : null
  const templateId = (['tpl-a', 'tpl-b', null] as const)[i % 3]
  return { title: `Заявка ${i}`, description: '', stages, subject: withPipeline, deadline, templateId }
}

async function answerAll(approval: Approval, i: number, response: 'approve' | 'reject' | 'send-back') {
  let state = approval
  for (let guard = 0; state.status === 'pending' && guard < 5; guard += 1) {
    const round = state.rounds.at(-1)!
    const seat = round.stages[round.stageIndex]!.seats.find((s) => s.response === null)!
    now += ((i * 37 + guard * 53) % 170) * minute + 30_000
    state = await seedDecision(deps, state, seat.userId, response)
  }
  return state
}

/** 72 approvals, about two hours apart, over six days in Moscow time, with every kind of ending. */
beforeAll(async () => {
  store = openSqliteStore({ file: ':memory:' })
  deps = seedDeps(store, { now: () => now })
  const org = {
    departments: [],
    userDepartments: Object.fromEntries(Object.entries(departments).map(([u, d]) => [u, [d]])),
  }
  await store.put(tenantKey(memberId, 'people'), { fetchedAt: now, users: [], org })
  for (let i = 0; i < 72; i += 1) {
    now += 117 * minute
    const draft = draftOf(i)
    let state = await seedApproval(deps, memberId, 20 + (i % 4), draft)
    if (draft.deadline) dueAtOf.set(state.id, Date.parse(draft.deadline.dueAt))
    const target = { memberId, approvalId: state.id, channel: 'web' as const }
    const ending = i % 6
    if (ending === 0) state = await answerAll(state, i, 'approve')
    if (ending === 1) state = await answerAll(state, i, 'reject')
    if (ending === 2) state = await answerAll(state, i, 'send-back')
    if (ending === 3) {
      now += 11 * minute
      const cancel = { type: 'cancel' as const, actor: { userId: state.initiatorId, isAdmin: false }, reason: 'x' }
      state = await changeApproval(deps, target, () => cancel)
    }
    if (ending === 5) {
      now += 100 * minute
      state = await changeApproval(deps, target, () => ({ type: 'deadline-due', org }))
    }
    finals.push(state)
  }
})

/** The Moscow calendar day of an instant (UTC+3 all year). */
const moscowDay = (iso: string) => new Date(Date.parse(iso) + 3 * 3_600_000).toISOString().slice(0, 10)

function seatsOf(a: Approval): number[] {
  return [...new Set(a.rounds.flatMap((r) => r.stages.flatMap((s) => s.seats.map((seat) => seat.userId))))]
}

function inFilter(a: Approval, f: StatsFilter): boolean {
  const kind = a.subject?.kind ?? null
  return (
    (f.templateId === undefined || a.templateId === f.templateId) &&
    (f.initiatorId === undefined || a.initiatorId === f.initiatorId) &&
    (f.departmentId === undefined || departments[a.initiatorId] === f.departmentId) &&
    (f.subjectKind === undefined || kind === f.subjectKind) &&
    (f.pipelineId === undefined || (kind === 'deal' && a.subject!.pipelineId === f.pipelineId))
  )
}

const statusCounter = {
  approved: 'approved',
  rejected: 'rejected',
  cancelled: 'cancelled',
  expired: 'timedOut',
} as const

/** Every figure, computed from the approvals and their audit without the statistics modules. */
function expected(f: StatsFilter, from: string, to: string) {
  const inPeriod = (iso: string) => moscowDay(iso) >= from && moscowDay(iso) <= to
  const totals = { started: 0, approved: 0, rejected: 0, sentBack: 0, cancelled: 0, timedOut: 0 }
  const answers: Array<{
    approverId: number
    templateId: string | null
    stage: number
    minutes: number
    late: boolean
  }> = []
  for (const a of finals.filter((a) => inFilter(a, f))) {
    const isCounted = f.approverId === undefined || seatsOf(a).includes(f.approverId)
    if (isCounted && inPeriod(a.createdAt)) totals.started += 1
    const counter = statusCounter[a.status as keyof typeof statusCounter]
    if (isCounted && counter && inPeriod(a.closedAt!)) totals[counter] += 1
    for (const entry of a.audit) {
      if (isCounted && entry.outcome === 'returned' && inPeriod(entry.at)) totals.sentBack += 1
      if (!['approve', 'reject', 'send-back'].includes(entry.action) || !inPeriod(entry.at)) continue
      if (f.approverId !== undefined && entry.actorId !== f.approverId) continue
      const stage = a.rounds[entry.round - 1]!.stages[entry.stageIndex!]!
      const minutes = Math.floor((Date.parse(entry.at) - Date.parse(stage.startedAt!)) / minute)
      const late = dueAtOf.has(a.id) && Date.parse(entry.at) >= dueAtOf.get(a.id)!
      answers.push({
        approverId: entry.actorId!,
        templateId: a.templateId,
        stage: entry.stageIndex! + 1,
        minutes,
        late,
      })
    }
  }
  return { totals, answers }
}

function nearestRank(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? null : sorted[Math.ceil((p / 100) * sorted.length) - 1]!
}

function timesOf<K>(answers: ReturnType<typeof expected>['answers'], key: (x: (typeof answers)[number]) => K) {
  const groups = new Map<K, number[]>()
  for (const a of answers) groups.set(key(a), [...(groups.get(key(a)) ?? []), a.minutes])
  return new Map(
    [...groups].map(([k, v]) => [k, { answers: v.length, median: nearestRank(v, 50), p90: nearestRank(v, 90) }]),
  )
}

const filters: Array<[string, StatsFilter]> = [
  ['no filter', {}],
  ['template', { templateId: 'tpl-a' }],
  ['initiator', { initiatorId: 22 }],
  ['approver', { approverId: 10 }],
  ['department', { departmentId: 6 }],
  ['subject kind', { subjectKind: 'lead' }],
  ['pipeline', { pipelineId: 1 }],
  ['template and department', { templateId: 'tpl-b', departmentId: 5 }],
  // An approver filter reads that approver's share of each day, a template filter the template's share.
  ['approver and template', { approverId: 11, templateId: 'tpl-a' }],
  ['approver and subject kind', { approverId: 10, subjectKind: 'deal' }],
  ['approver and pipeline', { approverId: 12, pipelineId: 1 }],
  ['template and pipeline', { templateId: 'tpl-b', pipelineId: 0 }],
  ['template and initiator', { templateId: 'tpl-a', initiatorId: 22 }],
  ['a template without approvals', { templateId: 'tpl-none' }],
  ['an approver without approvals', { approverId: 99 }],
]

/** Every figure of `stats` equals the one computed independently for `filter` and the period. */
function expectKnown(stats: Statistics, filter: StatsFilter, from: string, to: string, grouping: StatsGrouping) {
  const { totals, answers } = expected(filter, from, to)
  const decided = totals.approved + totals.rejected + totals.timedOut
  expect(stats.totals).toEqual({ ...totals, approvalRate: decided === 0 ? null : totals.approved / decided })
  // Each bucket holds the period's days of its day, ISO week (from Monday, 7 days) or month.
  const plus = (day: string, n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10)
  const lastOf = { day: (b: string) => b, week: (b: string) => plus(b, 6), month: (b: string) => `${b}-31` }
  for (const bucket of stats.series) {
    const start = grouping === 'month' ? `${bucket.bucket}-01` : bucket.bucket
    const end = lastOf[grouping](bucket.bucket)
    const known = expected(filter, start < from ? from : start, end > to ? to : end).totals
    expect({ started: bucket.started, approved: bucket.approved, sentBack: bucket.sentBack }).toEqual({
      started: known.started,
      approved: known.approved,
      sentBack: known.sentBack,
    })
  }
  const byApprover = timesOf(answers, (a) => a.approverId)
  expect(stats.byApprover).toEqual(
    [...byApprover.keys()]
      .sort((a, b) => a - b)
      .map((approverId) => ({
        ...{ approverId, answers: byApprover.get(approverId)!.answers },
        ...{ medianMinutes: byApprover.get(approverId)!.median, p90Minutes: byApprover.get(approverId)!.p90 },
        late: answers.filter((a) => a.approverId === approverId && a.late).length,
      })),
  )
  const byTemplate = timesOf(answers, (a) => a.templateId)
  expect(
    new Map(
      stats.byTemplate.map((r) => [r.templateId, { answers: r.answers, median: r.medianMinutes, p90: r.p90Minutes }]),
    ),
  ).toEqual(byTemplate)
  const byStage = timesOf(answers, (a) => a.stage)
  expect(
    new Map(stats.byStage.map((r) => [r.stage, { answers: r.answers, median: r.medianMinutes, p90: r.p90Minutes }])),
  ).toEqual(byStage)
}

describe('readStatistics', () => {
  it('has a dataset with every kind of figure', () => {
    const { totals, answers } = expected({}, '2026-01-01', '2026-12-31')
    for (const value of Object.values(totals)) expect(value).toBeGreaterThan(0)
    expect(answers.some((a) => a.late)).toBe(true)
    expect(answers.some((a) => a.stage === 2)).toBe(true)
  })

  it.each(filters)('gives the known counts, times and late answers with %s', async (_name, filter) => {
    const [from, to] = ['2026-10-06', '2026-10-09']
    const stats = await readStatistics(store, memberId, admin, { from, to, grouping: 'day', filter })
    expect(stats.series.map((s) => s.bucket)).toEqual(['2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09'])
    expectKnown(stats, filter, from, to, 'day')
  })

  // Without filters whole months come from the month roll-up and the rest from days: periods that cut months,
  // span them, start or end on their edges, or hold no data at all.
  it.each([
    ['2026-10-01', '2026-10-31'],
    ['2026-09-20', '2026-10-07'],
    ['2026-10-07', '2026-11-15'],
    ['2026-09-01', '2026-11-30'],
    ['2026-10-08', '2026-10-08'],
    ['2026-09-30', '2026-10-01'],
    ['2026-01-01', '2026-09-30'],
  ])('gives the known figures of %s … %s, from month roll-ups and days alike', async (from, to) => {
    for (const filter of [{}, { approverId: 11 }, { subjectKind: 'deal' as const }]) {
      for (const grouping of ['day', 'week', 'month'] as const) {
        const stats = await readStatistics(store, memberId, admin, { from, to, grouping, filter })
        expectKnown(stats, filter, from, to, grouping)
        expect(stats.series.reduce((sum, s) => sum + s.started, 0)).toBe(expected(filter, from, to).totals.started)
        if (grouping === 'day') expect(stats.series.map((s) => s.bucket)).toEqual(daysOf(from, to))
      }
    }
  })

  it.each(['week', 'month'] as const)('sums the days into %s buckets', async (grouping) => {
    const [from, to] = ['2026-10-01', '2026-10-31']
    const stats = await readStatistics(store, memberId, admin, { from, to, grouping, filter: {} })
    const byDay = await readStatistics(store, memberId, admin, { from, to, grouping: 'day', filter: {} })
    expect(stats.totals).toEqual(byDay.totals)
    expect(stats.series.map((s) => s.bucket)).toEqual(
      grouping === 'month' ? ['2026-10'] : ['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'],
    )
    expect(stats.series.reduce((sum, s) => sum + s.started, 0)).toBe(72)
  })

  it('lists the oldest open approvals the reader may see, with the filters applied', async () => {
    const open = finals.filter((a) => a.status === 'pending' || a.status === 'returned')
    const stats = await readStatistics(store, memberId, admin, {
      from: '2026-10-05',
      to: '2026-10-05',
      grouping: 'day',
      filter: {},
    })
    expect(stats.slowestOpen.map((r) => r.id)).toEqual(open.slice(0, 10).map((a) => a.id))
    const mine = await readStatistics(
      store,
      memberId,
      { userId: 23, isAdmin: false },
      { from: '2026-10-05', to: '2026-10-05', grouping: 'day', filter: {} },
    )
    expect(mine.slowestOpen.map((r) => r.id)).toEqual(
      open
        .filter((a) => a.initiatorId === 23)
        .slice(0, 10)
        .map((a) => a.id),
    )
  })

  it('filters the oldest open approvals by their statistics markers, and by the approval when a marker is old', async () => {
    const open = finals.filter((a) => a.status === 'pending' || a.status === 'returned')
    const cases: Array<[StatsFilter, (a: Approval) => boolean]> = [
      [{ approverId: 11 }, (a) => a.stages.some((stage) => stage.approverIds.includes(11))],
      [{ templateId: 'tpl-b' }, (a) => a.templateId === 'tpl-b'],
      [{ subjectKind: 'deal', pipelineId: 0 }, (a) => a.subject?.kind === 'deal' && a.subject.pipelineId === 0],
    ]
    const slowest = async (filter: StatsFilter) =>
      (
        await readStatistics(store, memberId, admin, { from: '2026-10-05', to: '2026-10-05', grouping: 'day', filter })
      ).slowestOpen.map((r) => r.id)
    for (const [filter, isMatch] of cases) {
      const expected = open
        .filter(isMatch)
        .slice(0, 10)
        .map((a) => a.id)
      expect(expected.length).toBeGreaterThan(0)
      expect(await slowest(filter)).toEqual(expected)
    }
    // Markers written before they kept dimensions and approvers: those approvals are read and checked instead.
    const markers = open.map((a) => statsMarkerKey(memberId, a.id))
    const kept = await store.getMany<StatsMarker>(markers)
    for (const key of markers) await store.put(key, { departmentId: null })
    for (const [filter, isMatch] of cases) {
      expect(await slowest(filter)).toEqual(
        open
          .filter(isMatch)
          .slice(0, 10)
          .map((a) => a.id),
      )
    }
    for (const [i, key] of markers.entries()) await store.put(key, kept[i]!.value)
  })

  it('limits a non-admin to the approvals they started', async () => {
    const query = { from: '2026-10-01', to: '2026-10-31', grouping: 'day' as const, filter: {} }
    const stats = await readStatistics(store, memberId, { userId: 21, isAdmin: false }, query)
    expect(stats.totals.started).toBe(expected({ initiatorId: 21 }, query.from, query.to).totals.started)
    expect(stats.totals.started).toBe(18)
    expect(stats.scope).toBe('own')
  })

  it("gives an auditor the portal's figures and a department head their departments'", async () => {
    const query = { from: '2026-10-01', to: '2026-10-31', grouping: 'day' as const, filter: {} }
    const auditor = await readStatistics(store, memberId, { userId: 40, isAdmin: false, isAuditor: true }, query)
    expect([auditor.scope, auditor.totals]).toEqual([
      'all',
      (await readStatistics(store, memberId, admin, query)).totals,
    ])
    // User 30 heads department 5, whose members 20 and 21 started approvals.
    const head = { userId: 30, isAdmin: false, departmentUserIds: new Set([20, 21]) }
    const stats = await readStatistics(store, memberId, head, query)
    expect(stats.scope).toBe('department')
    expect(stats.totals.started).toBe(expected({ departmentId: 5 }, query.from, query.to).totals.started)
    expect(stats.totals.started).toBe(36)
    const narrowed = await readStatistics(store, memberId, head, { ...query, filter: { initiatorId: 22 } })
    expect(narrowed.totals.started).toBe(0)
    expect(stats.slowestOpen.every((r) => r.initiatorId === 20 || r.initiatorId === 21)).toBe(true)
  })

  it('keeps the pending places per user that the approvals hold now', async () => {
    const counters = (await store.get<Record<string, number>>(pendingCountersKey(memberId)))?.value ?? {}
    const known = [...approverWorkload(finals)].filter(([, w]) => w.pendingCount > 0)
    expect(counters).toEqual(Object.fromEntries(known.map(([userId, w]) => [String(userId), w.pendingCount])))
    expect(Object.keys(counters).length).toBeGreaterThan(0)
  })
})

describe('rebuildStatistics', () => {
  const periods = [
    ['2026-10-01', '2026-10-31'],
    ['2026-10-06', '2026-10-09'],
  ] as const
  const readAll = async () => {
    const figures: Statistics[] = []
    for (const [from, to] of periods) {
      for (const filter of [{}, { approverId: 10 }, { templateId: 'tpl-b', departmentId: 5 }]) {
        figures.push(await readStatistics(store, memberId, admin, { from, to, grouping: 'day', filter }))
      }
    }
    const pending = (await store.get(pendingCountersKey(memberId)))?.value ?? null
    return { figures, pending }
  }
  const forget = () =>
    forgetStatistics(
      store,
      memberId,
      finals.map((a) => a.id),
      { from: '2026-09-01', to: '2026-11-30' },
    )

  it('gives the same figures as the live counters, in slices, and never counts twice', async () => {
    const live = await readAll()
    expect(await rebuildStatistics(store, memberId)).toBe(72)
    expect(await readAll()).toEqual(live)
    await forget()
    expect((await readAll()).figures[0]!.totals.started).toBe(0)
    let progress = await rebuildStatisticsSlice(store, memberId, { limit: 25 })
    expect(progress).toMatchObject({ read: 25, total: 72 })
    expect(progress.counted).toBeGreaterThan(25)
    while (progress.cursor !== null) {
      progress = await rebuildStatisticsSlice(store, memberId, { cursor: progress.cursor, limit: 25 })
    }
    expect(await readAll()).toEqual(live)
    expect(await rebuildStatistics(store, memberId)).toBe(72)
    expect(await readAll()).toEqual(live)
  })

  it('counts each fact once when rebuilds run at once', async () => {
    const live = await readAll()
    await forget()
    const slices = (cursor?: string) => rebuildStatisticsSlice(store, memberId, { cursor, limit: 10 })
    const run = async () => {
      for (let p = await slices(); p.cursor !== null; p = await slices(p.cursor));
    }
    await Promise.all([run(), run(), run()])
    expect(await readAll()).toEqual(live)
  })

  it('catches up on the cron tick one slice at a time, beside a rebuild, then only checks the portal is done', async () => {
    const live = await readAll()
    await forget()
    const passes: number[] = []
    for (;;) {
      const [pass] = await Promise.all([
        catchUpStatistics(store, [memberId], 30),
        passes.length === 1 ? rebuildStatistics(store, memberId) : undefined,
      ])
      if (pass.portals === 0) break
      passes.push(pass.read)
    }
    expect(passes).toEqual([30, 30, 12])
    expect(await readAll()).toEqual(live)
    expect(await catchUpStatistics(store, [memberId], 30)).toEqual({ portals: 0, read: 0, counted: 0 })
  })
})

describe('statistics under concurrent answers', () => {
  it('counts every answer once and brings the pending places back to zero when 20 approvers answer at once', async () => {
    const member = 'member-stats-race'
    const approvers = Array.from({ length: 20 }, (_, i) => 100 + i)
    const draft = { title: 'Все сразу', description: '', templateId: null, subject: null, deadline: null }
    const stages = [{ approverIds: approvers, rule: { kind: 'all' as const } }]
    const approval = await seedApproval(deps, member, 20, { ...draft, stages })
    const pendingOf = async () => (await store.get<Record<string, number>>(pendingCountersKey(member)))?.value
    expect(await pendingOf()).toEqual(Object.fromEntries(approvers.map((id) => [String(id), 1])))
    const target = { memberId: member, approvalId: approval.id, channel: 'web' as const }
    await Promise.all(
      approvers.map((userId) =>
        changeApproval(deps, target, () => ({
          type: 'decide' as const,
          actor: { userId, isAdmin: false },
          response: 'approve' as const,
        })),
      ),
    )
    expect(await pendingOf()).toEqual({})
    const day = moscowDay(new Date(now).toISOString())
    const stats = await readStatistics(store, member, admin, { from: day, to: day, grouping: 'day', filter: {} })
    expect(stats.totals).toMatchObject({ started: 1, approved: 1 })
    expect(stats.byApprover.map((r) => [r.approverId, r.answers])).toEqual(approvers.map((id) => [id, 1]))
    for (const approverId of [100, 107, 119]) {
      const query = { from: day, to: day, grouping: 'day' as const, filter: { approverId } }
      const share = await readStatistics(store, member, admin, query)
      expect(share.totals).toMatchObject({ started: 1, approved: 1 })
      expect(share.byApprover.map((r) => [r.approverId, r.answers])).toEqual([[approverId, 1]])
    }
    expect(await rebuildStatistics(store, member)).toBe(1)
    expect(await readStatistics(store, member, admin, { from: day, to: day, grouping: 'day', filter: {} })).toEqual(
      stats,
    )
  })
})
