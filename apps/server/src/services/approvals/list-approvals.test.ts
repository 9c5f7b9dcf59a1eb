/**
 * The approval list in every sort order, over the real SQLite store and `commitTransition`: paging
 * with any page size visits each matching approval exactly once and in order, for every scope and filter; the
 * deadline order follows stage changes and repairs stale scores; a rare filter is bounded per answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { listDeadlineAt, type Actor, type Approval, type ApprovalDraftInput } from '../../domain/index.ts'
import type { Store } from '../../ports/store.ts'
import { approvalIndexName, reindexApproval } from './approval-indexes.ts'
import { changeApproval, type CommitDeps } from './commit-transition.ts'
import { listApprovals, type ApprovalFilter, type ApprovalSort } from './list-approvals.ts'
import { seedApproval, seedDecision, seedDeps } from '../../test-support/seed-approvals.ts'

const memberId = 'member-list'
const hour = 3_600_000
const admin: Actor = { userId: 1, isAdmin: true }
const approver: Actor = { userId: 8, isAdmin: false }
const initiator: Actor = { userId: 7, isAdmin: false }
const deal = (id: number) => ({
  kind: 'deal' as const,
  id,
  title: `Сделка ${id}`,
  amount: null,
  currency: null,
  url: null,
})

let now = Date.parse('2026-11-02T00:00:00Z')
let store: Store
let deps: CommitDeps
const approvals = new Map<string, Approval>()

/** 40 approvals an hour apart: two initiators, two subjects, deadlines of both kinds, three outcomes. */
beforeAll(async () => {
  store = openSqliteStore({ file: ':memory:' })
  deps = seedDeps(store, { now: () => now })
  for (let i = 0; i < 40; i += 1) {
    now += hour
    const stageDeadline = i % 5 === 2 ? { workingHours: (i % 7) + 1, action: 'mark-overdue' as const } : null
    const draft: ApprovalDraftInput = {
      title: `Счёт №${i}${i % 5 === 0 ? ' ООО «Ромашка»' : ''}`,
      subject: i % 4 === 0 ? deal(5) : i % 4 === 1 ? deal(6) : null,
      stages: [{ approverIds: i % 2 ? [8] : [8, 10], rule: { kind: 'all' }, deadline: stageDeadline }],
      deadline:
        i % 3 === 1 ? { dueAt: new Date(now + (((i * 7919) % 50) + 1) * hour).toISOString(), action: 'reject' } : null,
    }
    let approval = await seedApproval(deps, memberId, i % 3 === 0 ? 9 : 7, draft)
    if (i % 6 === 3) approval = await seedDecision(deps, approval, 8, 'approve')
    if (i % 6 === 4) approval = await seedDecision(deps, approval, 8, 'reject')
    approvals.set(approval.id, approval)
  }
})
afterAll(async () => {
  await store.close()
})

/** Every page from the first to the last, with each page's size checked against the limit. */
async function pageThrough(actor: Actor, filter: Omit<ApprovalFilter, 'cursor'>): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 200; pages += 1) {
    const page = await listApprovals(store, memberId, actor, { ...filter, cursor })
    expect(page.items.length).toBeLessThanOrEqual(filter.limit)
    ids.push(...page.items.map((a) => a.id))
    if (page.cursor === null) return ids
    cursor = page.cursor
  }
  throw new Error('the list never ended')
}

const byId = (a: Approval, b: Approval) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const created = (a: Approval) => Date.parse(a.createdAt)
/** The expected orders, written independently of the indexes. */
const orders: Record<ApprovalSort, (a: Approval, b: Approval) => number> = {
  newest: (a, b) => created(b) - created(a) || byId(b, a),
  oldest: (a, b) => created(a) - created(b) || byId(a, b),
  deadline: (a, b) => {
    const [da, db] = [listDeadlineAt(a), listDeadlineAt(b)]
    if (da !== null && db !== null) return Date.parse(da) - Date.parse(db) || byId(a, b)
    if (da === null && db === null) return created(b) - created(a) || byId(a, b)
    return da === null ? 1 : -1
  },
}

const scopes: Array<[string, Actor, ApprovalFilter['role'], (a: Approval) => boolean]> = [
  ['all (admin)', admin, 'all', () => true],
  ['initiator 7', initiator, 'initiator', (a) => a.initiatorId === 7],
  ['approver 8', approver, 'approver', (a) => a.stages.some((s) => s.approverIds.includes(8))],
]
const filters: Array<[string, Partial<ApprovalFilter>, (a: Approval) => boolean]> = [
  ['no filter', {}, () => true],
  ['status pending', { status: 'pending' }, (a) => a.status === 'pending'],
  ['text', { text: 'ромашка' }, (a) => a.title.includes('Ромашка')],
  // Russian search ignores case and reads "ё" as "е": "СЧЕТ №1" finds "Счёт №1", "Счёт №10"…
  ['text with е for ё, in capitals', { text: 'СЧЕТ №1' }, (a) => a.title.startsWith('Счёт №1')],
  ['subject deal 5', { subject: { kind: 'deal', id: 5 } }, (a) => a.subject?.id === 5],
  [
    'created period',
    { from: '2026-11-02T10:00:00Z', to: '2026-11-03T05:00:00Z' },
    (a) => created(a) >= Date.parse('2026-11-02T10:00:00Z') && created(a) <= Date.parse('2026-11-03T05:00:00Z'),
  ],
]

describe('listApprovals paging', () => {
  const cases = scopes.flatMap(([scope, actor, role, inScope]) =>
    filters.flatMap(([name, filter, keep]) =>
      (['newest', 'oldest', 'deadline'] as const).map((sort) => ({
        scope,
        actor,
        role,
        inScope,
        name,
        filter,
        keep,
        sort,
      })),
    ),
  )
  it.each(cases)('$scope, $name, $sort: every approval once, in order, at any page size', async (c) => {
    const expected = [...approvals.values()].filter((a) => c.inScope(a) && c.keep(a)).sort(orders[c.sort])
    expect(expected.length).toBeGreaterThan(0)
    for (const limit of [1, 3, 7, 100]) {
      const ids = await pageThrough(c.actor, { role: c.role, sort: c.sort, limit, ...c.filter })
      expect(ids).toEqual(expected.map((a) => a.id))
    }
  })

  it('puts overdue and soon-due approvals first and the ones without a deadline last, newest first', async () => {
    const page = await listApprovals(store, memberId, admin, { role: 'all', sort: 'deadline', limit: 100 })
    const dues = page.items.map(listDeadlineAt)
    const firstNone = dues.indexOf(null)
    expect(firstNone).toBeGreaterThan(0)
    expect(dues.slice(firstNone).every((d) => d === null)).toBe(true)
    const times = dues.slice(0, firstNone).map((d) => Date.parse(d!))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })
})

describe('listApprovals and changes', () => {
  const twoStages = (hours: [number, number]): ApprovalDraftInput => ({
    title: 'Два этапа',
    stages: hours.map((workingHours, i) => ({
      approverIds: [20 + i],
      rule: { kind: 'all' as const },
      deadline: { workingHours, action: 'mark-overdue' as const },
    })),
  })
  const deadlineIds = async (actor: Actor) =>
    (await listApprovals(store, memberId, actor, { role: 'initiator', sort: 'deadline', limit: 10 })).items.map(
      (a) => a.id,
    )

  it('moves an approval to its next stage’s deadline when a stage passes', async () => {
    const owner: Actor = { userId: 30, isAdmin: false }
    const slow = await seedApproval(deps, memberId, 30, twoStages([1, 100]))
    const other = await seedApproval(deps, memberId, 30, twoStages([10, 10]))
    expect(await deadlineIds(owner)).toEqual([slow.id, other.id])
    await seedDecision(deps, slow, 20, 'approve')
    expect(await deadlineIds(owner)).toEqual([other.id, slow.id])
  })

  it('repairs a stale deadline score where it reads it', async () => {
    const owner: Actor = { userId: 31, isAdmin: false }
    const soon = await seedApproval(deps, memberId, 31, twoStages([1, 1]))
    const later = await seedApproval(deps, memberId, 31, twoStages([5, 5]))
    const index = approvalIndexName(memberId, { kind: 'initiator', userId: 31 }, 'due')
    await store.indexAdd(index, soon.id, Date.parse('2099-01-01T00:00:00Z'))
    await deadlineIds(owner)
    expect(await deadlineIds(owner)).toEqual([soon.id, later.id])
  })

  it('takes a resubmitted approval from its old subject’s list to the new one’s', async () => {
    const owner: Actor = { userId: 32, isAdmin: false }
    const bySubject = async (id: number) =>
      (await listApprovals(store, memberId, owner, { role: 'initiator', subject: { kind: 'deal', id }, limit: 10 }))
        .items
    const draft = {
      title: 'Переезд',
      subject: deal(77),
      stages: [{ approverIds: [21], rule: { kind: 'all' as const } }],
    }
    const approval = await seedDecision(deps, await seedApproval(deps, memberId, 32, draft), 21, 'send-back')
    const target = { memberId, approvalId: approval.id, channel: 'web' as const }
    await changeApproval(deps, target, () => ({ type: 'resubmit', actor: owner, changes: { subject: deal(78) } }))
    expect(await bySubject(77)).toEqual([])
    expect((await bySubject(78)).map((a) => a.id)).toEqual([approval.id])
    expect(await store.indexSize(approvalIndexName(memberId, { kind: 'subject', subject: deal(77) }, 'due'))).toBe(0)
  })

  describe('when the index steps of two subject changes overlap', () => {
    const owner: Actor = { userId: 33, isAdmin: false }
    const bySubject = async (id: number) =>
      (
        await listApprovals(store, memberId, owner, { role: 'initiator', subject: { kind: 'deal', id }, limit: 10 })
      ).items.map((a) => a.id)
    /** An approval on deal `from` moved to deal `to` (`first`) and sent back again, ready to move back. */
    async function movedAndReturned(from: number, to: number) {
      const draft = { title: 'Туда и обратно', subject: deal(from), stages: [{ approverIds: [22], rule: all }] }
      const returned = await seedDecision(deps, await seedApproval(deps, memberId, 33, draft), 22, 'send-back')
      const moved = await resubmit(deps, returned, to)
      await seedDecision(deps, moved, 22, 'send-back')
      return { first: { before: returned, after: moved }, id: moved.id }
    }
    const all = { kind: 'all' as const }
    const resubmit = (commit: CommitDeps, approval: Approval, id: number) =>
      changeApproval(commit, { memberId, approvalId: approval.id, channel: 'web' }, () => ({
        type: 'resubmit',
        actor: owner,
        changes: { subject: deal(id) },
      }))

    it('keeps the approval listed under its subject when the older step runs last', async () => {
      const { first, id } = await movedAndReturned(81, 82)
      const back = await resubmit(deps, first.after, 81)
      // The first move's index step, held up on a slow instance, runs only after the move back.
      await reindexApproval(store, first.before, first.after)
      expect(back.subject?.id).toBe(81)
      expect(await bySubject(81)).toEqual([id])
      expect(await bySubject(82)).toEqual([])
    })

    it('keeps the approval listed when the older step runs between the move back’s index and its write', async () => {
      const { first, id } = await movedAndReturned(83, 84)
      let late: (() => Promise<void>) | null = () => reindexApproval(store, first.before, first.after)
      const hooked = new Proxy(store, {
        get(target, name, receiver) {
          if (name !== 'compareAndSet') return Reflect.get(target, name, receiver) as unknown
          return async (...args: Parameters<Store['compareAndSet']>) => {
            const run = args[0].endsWith(`:${id}`) ? late : null
            if (run) {
              late = null
              await run()
            }
            return target.compareAndSet(...args)
          }
        },
      })
      await resubmit(seedDeps(hooked, { now: () => now }), first.after, 83)
      expect(late).toBeNull()
      expect(await bySubject(83)).toEqual([id])
      expect(await bySubject(84)).toEqual([])
    })
  })

  it('does not list an approval to a user whose handover lost the race (no role, though indexed first)', async () => {
    const draft = { title: 'Передача', stages: [{ approverIds: [40], rule: { kind: 'all' as const } }] }
    const approval = await seedApproval(deps, memberId, 41, draft)
    const target = { memberId, approvalId: approval.id, channel: 'web' as const }
    const handOver = (toUserId: number) =>
      changeApproval(deps, target, () => ({
        type: 'reassign',
        actor: admin,
        fromUserId: 40,
        toUserId,
        reason: 'Отпуск',
      }))
    // Two admins hand the same place over at once: one wins, the other is refused on its retry.
    const results = await Promise.allSettled([handOver(42), handOver(43)])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const winner = results[0]!.status === 'fulfilled' ? 42 : 43
    const loser = winner === 42 ? 43 : 42
    const listed = async (userId: number) =>
      (await listApprovals(store, memberId, { userId, isAdmin: false }, { role: 'approver', limit: 10 })).items
    expect((await listed(winner)).map((a) => a.id)).toEqual([approval.id])
    expect(await listed(loser)).toEqual([])
  })

  it('refuses a cursor of another sort and a list of all approvals to a non-admin', async () => {
    const first = await listApprovals(store, memberId, admin, { role: 'all', sort: 'newest', limit: 2 })
    const reuse = listApprovals(store, memberId, admin, {
      role: 'all',
      sort: 'deadline',
      limit: 2,
      cursor: first.cursor!,
    })
    await expect(reuse).rejects.toMatchObject({ code: 'INVALID_CURSOR' })
    const garbage = listApprovals(store, memberId, admin, { role: 'all', limit: 2, cursor: 'newest.bm9wZQ' })
    await expect(garbage).rejects.toMatchObject({ code: 'INVALID_CURSOR' })
    await expect(listApprovals(store, memberId, initiator, { role: 'all', limit: 2 })).rejects.toMatchObject({
      code: 'ADMIN_REQUIRED',
    })
  })
})

describe('listApprovals with a rare filter', () => {
  it('examines at most 1,000 approvals per answer and hands back a cursor to search further', async () => {
    const bounded = openSqliteStore({ file: ':memory:' })
    const seed = seedDeps(bounded, { now: () => now })
    const stages = [{ approverIds: [8], rule: { kind: 'all' as const } }]
    const needle = await seedApproval(seed, memberId, 7, { title: 'Иголка', stages })
    for (let i = 0; i < 1_050; i += 1) {
      now += 1_000
      await seedApproval(seed, memberId, 7, { title: `Сено ${i}`, stages })
    }
    const filter = { role: 'initiator' as const, text: 'иголка', limit: 20 }
    const first = await listApprovals(bounded, memberId, initiator, filter)
    expect(first.items).toEqual([])
    expect(first.cursor).not.toBeNull()
    const second = await listApprovals(bounded, memberId, initiator, { ...filter, cursor: first.cursor! })
    expect(second.items.map((a) => a.id)).toEqual([needle.id])
    expect(second.cursor).toBeNull()
    await bounded.close()
  })
})

describe('approvals started in the same millisecond', () => {
  it('are listed newest first in the order they were started', async () => {
    const sameMs = seedDeps(store, { now: () => Date.parse('2026-12-01T09:00:00Z') })
    const draft: ApprovalDraftInput = { title: 'Одновременно', stages: [{ approverIds: [8], rule: { kind: 'all' } }] }
    const started: string[] = []
    for (let i = 0; i < 20; i += 1) started.push((await seedApproval(sameMs, 'member-same-ms', 7, draft)).id)
    const page = await listApprovals(store, 'member-same-ms', initiator, { role: 'initiator', limit: 50 })
    expect(page.items.map((a) => a.id)).toEqual([...started].reverse())
  })
})
