/**
 * Bulk answers in the app (issue 21): one answer to several approvals, each decided on its own — the comment
 * policy, the approver check and the audit per approval; a repeat or a parallel double click decides nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

const MARIA = 3
const IVAN = 2
const DMITRY = 6
let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(async () => {
  await h.close()
})

async function start(approverId: number, commentPolicy = 'optional') {
  const stages = [{ approverIds: [approverId], rule: { kind: 'all' } }]
  const res = await h.api(MARIA, 'POST', '/api/app/approvals', { title: 'Счёт', stages, commentPolicy })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.approval.id as string
}
const bulk = (userId: number, body: unknown) => h.api(userId, 'POST', '/api/app/approvals/decisions', body)
const approval = async (id: string) => (await h.api(MARIA, 'GET', `/api/app/approvals/${id}`)).body.approval

describe('bulk answers', () => {
  it('approves each approval on its own and reports the ones the comment policy or the role refuse', async () => {
    const [a, b, c, d] = [await start(IVAN), await start(IVAN), await start(IVAN, 'always'), await start(DMITRY)]
    const res = await bulk(IVAN, { approvalIds: [a, b, c, d], response: 'approve' })
    expect(res.status).toBe(200)
    expect(res.body.results).toEqual([
      { approvalId: a, ok: true },
      { approvalId: b, ok: true },
      { approvalId: c, ok: false, code: 'COMMENT_REQUIRED' },
      { approvalId: d, ok: false, code: 'NOT_AN_APPROVER' },
    ])
    expect(res.body.summary).toEqual({ decided: 2, refused: { COMMENT_REQUIRED: 1, NOT_AN_APPROVER: 1 } })
    for (const id of [a, b]) {
      const one = await approval(id)
      expect(one.status).toBe('approved')
      const decisions = one.audit.filter((e: { action: string }) => e.action === 'approve')
      expect(decisions).toEqual([expect.objectContaining({ actorId: IVAN, channel: 'web' })])
    }
    expect((await approval(c)).status).toBe('pending')
    expect((await approval(d)).status).toBe('pending')
  })

  it('rejects with one comment when the policy asks for it', async () => {
    const ids = [await start(IVAN, 'required-on-reject'), await start(IVAN, 'required-on-reject')]
    const bare = await bulk(IVAN, { approvalIds: ids, response: 'reject' })
    expect(bare.body.summary).toEqual({ decided: 0, refused: { COMMENT_REQUIRED: 2 } })
    const res = await bulk(IVAN, { approvalIds: ids, response: 'reject', comment: 'Нет бюджета' })
    expect(res.body.summary).toEqual({ decided: 2, refused: {} })
    for (const id of ids) expect((await approval(id)).status).toBe('rejected')
  })

  it('decides each approval once under a repeat and a parallel double click', async () => {
    const ids = [await start(IVAN), await start(IVAN), await start(IVAN)]
    const body = { approvalIds: ids, response: 'approve' }
    const [first, second] = await Promise.all([bulk(IVAN, body), bulk(IVAN, body)])
    const decided = [...first.body.results, ...second.body.results].filter((r: { ok: boolean }) => r.ok)
    expect(decided.map((r: { approvalId: string }) => r.approvalId).sort()).toEqual([...ids].sort())
    const again = await bulk(IVAN, body)
    expect(again.body.results.every((r: { ok: boolean }) => !r.ok)).toBe(true)
    for (const id of ids) {
      const decisions = (await approval(id)).audit.filter((e: { action: string }) => e.action === 'approve')
      expect(decisions).toHaveLength(1)
    }
  })

  it.each([
    ['no approvals', { approvalIds: [], response: 'approve' }],
    ['send-back, which needs a look at each', { approvalIds: ['01ABC'], response: 'send-back' }],
    ['more than 50', { approvalIds: Array.from({ length: 51 }, (_, i) => `A${i}`), response: 'approve' }],
  ])('refuses %s with 400', async (_name, body) => {
    const res = await bulk(IVAN, body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
  })
})
