/**
 * 50 approvers answering at the same moment. Under `all` every answer lands and exactly one approved
 * outcome, a timeline comment per answer and one final one follow; under `any` exactly one answer wins and the others get 409.
 * Starting with 50 approvers costs at most 3 portal requests (50 tasks + 50 notifications + 1 timeline comment).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let h: ApprovalHarness
let approvers: number[]

beforeAll(async () => {
  h = await startApprovalHarness()
  approvers = h.addUsers(50)
  // Warm the verdict cache and the people cache so the counts below are the approval's own requests.
  await Promise.all(approvers.map((id) => h.api(id, 'GET', '/api/app/me')))
  await h.api(3, 'GET', '/api/app/users')
})
afterAll(async () => {
  await h.close()
})

const deal = { kind: 'deal', id: 5 }

async function start(rule: { kind: string }, subject: unknown) {
  const before = h.sandbox.restLog().length
  const res = await h.api(3, 'POST', '/api/app/approvals', {
    title: 'Все',
    stages: [{ approverIds: approvers, rule }],
    subject,
  })
  expect(res.status).toBe(201)
  await h.drain()
  return { id: res.body.approval.id as string, requests: h.sandbox.restLog().slice(before) }
}

describe('50 approvers at once', () => {
  it('under `all`: 50 responses, one approved outcome, each answer and one outcome in the timeline', async () => {
    const { id, requests } = await start({ kind: 'all' }, deal)
    expect(requests.length).toBeLessThanOrEqual(3)
    const tasks = h.sandbox.tasks().filter((t) => t.DESCRIPTION.includes(id))
    expect(tasks).toHaveLength(50)
    const answers = await Promise.all(
      approvers.map((u) => h.api(u, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })),
    )
    await h.drain()
    await h.tick()
    expect(answers.map((a) => a.status)).toEqual(approvers.map(() => 200))
    expect(answers.filter((a) => a.body.approval.status === 'approved')).toHaveLength(1)
    const final = (await h.api(3, 'GET', `/api/app/approvals/${id}`)).body.approval
    expect(final.status).toBe('approved')
    expect(final.rounds[0].stages[0].seats.filter((s: { response: unknown }) => s.response !== null)).toHaveLength(50)
    const timeline = h.sandbox.timeline().filter((t) => t.COMMENT.includes(id))
    // Started, each of the 49 answers that left it open (issue #17 item 9), then the one outcome.
    expect(timeline).toHaveLength(51)
    expect(timeline[0]!.COMMENT).toContain('запущено')
    expect(timeline.slice(1, -1).every((t) => t.COMMENT.includes('согласовал(а)'))).toBe(true)
    expect(timeline.filter((t) => t.COMMENT.includes(': согласовано.'))).toHaveLength(1)
    expect(timeline.at(-1)!.COMMENT).toContain(': согласовано.')
    const comments = h.sandbox.comments().filter((c) => tasks.some((t) => t.ID === c.TASK_ID))
    expect(comments).toHaveLength(50)
    expect(h.sandbox.tasks().filter((t) => t.DESCRIPTION.includes(id) && t.STATUS === 5)).toHaveLength(50)
  })

  it('under `any`: exactly one decision wins and the other 49 get 409 "already decided"', async () => {
    const { id } = await start({ kind: 'any' }, null)
    const answers = await Promise.all(
      approvers.map((u) => h.api(u, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })),
    )
    await h.drain()
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
    const refused = answers.filter((a) => a.status === 409)
    expect(refused).toHaveLength(49)
    expect(new Set(refused.map((a) => a.body.error.code))).toEqual(new Set(['ALREADY_DECIDED']))
    const final = (await h.api(3, 'GET', `/api/app/approvals/${id}`)).body.approval
    expect(final.audit.map((e: { action: string }) => e.action)).toEqual(['create', 'approve'])
  })
})
