/**
 * Refusals are failures: a write-back Bitrix24 did not carry out without saying why (an empty `error` code, as
 * the legacy CRM methods answer for a missing deal, or `result: false`) is retried by the outbox with backoff and,
 * once its attempts are spent, recorded as failed, never as done; a refusal with a real error code is recorded at
 * once and not retried. Either way the approval's API answer and the admins' list say what was not written and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBackAttempts } from '../../ports/portal-write-back.ts'
import { manualClock, startApprovalHarness, type ApprovalHarness } from '../../test-support/approval-harness.ts'
import { loadLedger } from './outbox-ledger.ts'
import { outboxQueue } from './outbox-queue.ts'

const clock = manualClock()
let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness({ clock })
  h.sandbox.setRateLimit(false)
  for (const user of [1, 2, 3, 6]) expect((await h.api(user, 'GET', '/api/app/me')).status).toBe(200)
  expect((await h.api(3, 'GET', '/api/app/users')).status).toBe(200)
})
afterAll(() => h.close())

async function start(title: string, dealId: number): Promise<string> {
  const deal = { kind: 'deal', id: dealId, title: 'Сделка', amount: 10, currency: 'RUB', url: null }
  const stages = [{ approverIds: [2, 6], rule: { kind: 'all' } }]
  const res = await h.api(3, 'POST', '/api/app/approvals', { title, stages, subject: deal })
  expect(res.status).toBe(201)
  await h.drain()
  return res.body.approval.id as string
}

/** Runs cron ticks, each after the longest backoff, until the outbox queue is empty; returns how many ran. */
async function runOutTheOutbox(): Promise<number> {
  let ticks = 0
  for (; (await h.server.store.queueSize(outboxQueue)) > 0 && ticks < 20; ticks += 1) {
    clock.advance(16 * 60_000)
    expect((await h.tick()).status).toBe(200)
    await h.drain()
  }
  expect(await h.server.store.queueSize(outboxQueue)).toBe(0)
  return ticks
}

function timelineAdds(from: number) {
  return h.sandbox
    .restLog()
    .slice(from)
    .filter((entry) => entry.method === 'batch' && JSON.stringify(entry).includes('crm.timeline.comment.add'))
}

describe('a write-back Bitrix24 refuses', () => {
  it('retries a timeline comment refused with an empty error code, then records it as failed and surfaces it', async () => {
    const before = h.sandbox.restLog().length
    // As the legacy CRM methods answer for a deal deleted meanwhile: 400 with an empty `error` ("Entity not
    // found"). The deal exists when the approval starts, since subjects are read from Bitrix24 first.
    h.sandbox.refuseNext('crm.timeline.comment.add', {
      status: 400,
      code: '',
      description: 'Entity not found',
      times: writeBackAttempts,
    })
    const id = await start('Сделку удалили', 7)
    await runOutTheOutbox()
    expect(timelineAdds(before).length).toBe(writeBackAttempts)
    const ledger = await loadLedger(h.server.store, h.sandbox.memberId, id)
    const failed = Object.values(ledger.done).filter((v) => typeof v === 'object' && v !== null && 'failed' in v)
    // The SDK keeps neither an empty error code nor its description for a batch command: no result is the sign.
    expect(failed).toEqual([
      { failed: 'Bitrix24 gave neither a result nor an error code for crm.timeline.comment.add' },
    ])

    const read = await h.api(3, 'GET', `/api/app/approvals/${id}`)
    expect(read.status).toBe(200)
    expect(read.body.writeBackProblems).toEqual([
      expect.objectContaining({ kind: 'timeline-comment', state: 'failed', code: null }),
    ])
    expect(read.body.writeBackProblems[0].attempts).toBe(writeBackAttempts)
    expect(Date.parse(read.body.writeBackProblems[0].at)).toBeGreaterThan(0)
  })

  it('retries a command answered `result: false` and records it as done once Bitrix24 carries it out', async () => {
    h.sandbox.answerNext('crm.timeline.comment.add', false, 2)
    const id = await start('Ложный ответ', 7)
    const first = await h.api(3, 'GET', `/api/app/approvals/${id}`)
    expect(first.body.writeBackProblems).toEqual([
      expect.objectContaining({ kind: 'timeline-comment', state: 'retrying', code: null, attempts: 1 }),
    ])
    await runOutTheOutbox()
    expect(h.sandbox.timeline().filter((t) => t.COMMENT.includes(`approval%5D=${id}`))).toHaveLength(1)
    const read = await h.api(3, 'GET', `/api/app/approvals/${id}`)
    expect(read.body.writeBackProblems).toEqual([])
  })

  it('records `result: false` as failed, never as done, when every attempt answers it', async () => {
    h.sandbox.answerNext('crm.timeline.comment.add', false, writeBackAttempts)
    const id = await start('Всегда ложь', 7)
    await runOutTheOutbox()
    expect(h.sandbox.timeline().filter((t) => t.COMMENT.includes(`approval%5D=${id}`))).toHaveLength(0)
    const read = await h.api(3, 'GET', `/api/app/approvals/${id}`)
    expect(read.body.writeBackProblems).toEqual([
      expect.objectContaining({ kind: 'timeline-comment', state: 'failed', code: null }),
    ])
    expect(read.body.writeBackProblems[0].reason).toContain('false')
  })

  it('records a refusal with an error code at once, without retrying, and surfaces it', async () => {
    const before = h.sandbox.restLog().length
    h.sandbox.refuseNext('crm.timeline.comment.add', {
      status: 400,
      code: 'NOT_FOUND',
      description: 'Нет доступа к сделке',
    })
    const id = await start('Отказ с кодом', 7)
    await runOutTheOutbox()
    expect(timelineAdds(before).length).toBe(1)
    const ledger = await loadLedger(h.server.store, h.sandbox.memberId, id)
    expect(Object.values(ledger.done)).toContainEqual({ refused: 'NOT_FOUND' })
    const read = await h.api(3, 'GET', `/api/app/approvals/${id}`)
    expect(read.body.writeBackProblems).toEqual([
      expect.objectContaining({
        kind: 'timeline-comment',
        state: 'refused',
        code: 'NOT_FOUND',
        reason: 'Нет доступа к сделке',
      }),
    ])
  })

  it('lists the portal’s write-back problems to admins only', async () => {
    expect((await h.api(3, 'GET', '/api/app/write-back-problems')).status).toBe(403)
    const res = await h.api(1, 'GET', '/api/app/write-back-problems')
    expect(res.status).toBe(200)
    const titles = res.body.problems.map((p: { title: string }) => p.title)
    expect(titles).toEqual(expect.arrayContaining(['Сделку удалили', 'Всегда ложь', 'Отказ с кодом']))
    expect(titles).not.toContain('Ложный ответ')
    const ats = res.body.problems.map((p: { at: string }) => p.at)
    expect(ats).toEqual([...ats].sort().reverse())
  })
})
