/**
 * `GET /api/app/approvals?sort=` through the SPA API against the Bitrix24 sandbox: the three orders,
 * cursor paging through each, the row's `dueAt`, the subject filter with a role, and 400 for an unknown sort
 * or a cursor of another order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let h: ApprovalHarness
const ids: string[] = []
const day = 86_400_000
const deal = { kind: 'deal', id: 11 }

/** Five approvals by 7 (approver 8): deadlines in 3, none, 1, none and 2 days; the first and last about deal 11. */
beforeAll(async () => {
  h = await startApprovalHarness()
  const dueIn = [3, null, 1, null, 2]
  for (const [i, days] of dueIn.entries()) {
    const deadline = days === null ? null : { dueAt: new Date(Date.now() + days * day).toISOString(), action: 'reject' }
    const subject = i === 0 || i === 4 ? deal : null
    const body = { title: `Сортировка ${i}`, stages: [{ approverIds: [8], rule: { kind: 'all' } }], deadline, subject }
    const res = await h.api(7, 'POST', '/api/app/approvals', body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    ids.push(res.body.approval.id)
  }
  await h.drain()
})
afterAll(async () => {
  await h.close()
})

type Row = { id: string; dueAt: string | null }

async function pageThrough(userId: number, query: string) {
  const rows: Row[] = []
  let cursor: string | null = null
  do {
    const res = await h.api(
      userId,
      'GET',
      `/api/app/approvals?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    rows.push(...res.body.items)
    cursor = res.body.cursor
  } while (cursor)
  return rows
}

describe('GET /api/app/approvals?sort=', () => {
  it.each([
    ['newest', [4, 3, 2, 1, 0]],
    ['oldest', [0, 1, 2, 3, 4]],
    ['deadline', [2, 4, 0, 3, 1]],
  ])('sort=%s pages one row at a time through every approval in order', async (sort, order) => {
    const rows = await pageThrough(7, `role=initiator&limit=1&sort=${sort}`)
    expect(rows.map((r) => r.id)).toEqual(order.map((i) => ids[i]))
  })

  it('lists newest first without a sort and carries each pending approval’s deadline', async () => {
    const rows = await pageThrough(8, 'role=approver&limit=2')
    expect(rows.map((r) => r.id)).toEqual([...ids].reverse())
    expect(rows.find((r) => r.id === ids[2])!.dueAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(rows.find((r) => r.id === ids[1])!.dueAt).toBeNull()
  })

  it('filters by subject within the role, in deadline order', async () => {
    const mine = await pageThrough(7, 'role=initiator&subjectKind=deal&subjectId=11&sort=deadline')
    expect(mine.map((r) => r.id)).toEqual([ids[4], ids[0]])
    expect(await pageThrough(9, 'role=initiator&subjectKind=deal&subjectId=11')).toEqual([])
  })

  it('refuses an unknown sort with 400 VALIDATION_FAILED naming the parameter', async () => {
    const res = await h.api(7, 'GET', '/api/app/approvals?role=initiator&sort=priority')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'sort' })])
  })

  it('refuses the cursor of one order in another with 400 INVALID_CURSOR', async () => {
    const first = await h.api(7, 'GET', '/api/app/approvals?role=initiator&limit=1&sort=oldest')
    const res = await h.api(
      7,
      'GET',
      `/api/app/approvals?role=initiator&limit=1&sort=deadline&cursor=${encodeURIComponent(first.body.cursor)}`,
    )
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('INVALID_CURSOR')
  })
})
