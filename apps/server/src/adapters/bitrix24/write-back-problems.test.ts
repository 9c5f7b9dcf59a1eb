import { describe, expect, it } from 'vitest'
import { PermissionError, ValidationError } from '../../ports/errors.ts'
import { writeBackAttempts, type WriteBackLedger } from '../../ports/portal-write-back.ts'
import type { BatchOutcome, RestClient } from './b24-rest.ts'
import { sendCommands } from './write-back-batches.ts'
import type { PortalCommand } from './write-back-commands.ts'

const at = '2026-12-07T10:00:00.000Z'

/** A REST pipe whose `batch` answers every command with `outcome`. */
function answering(outcome: BatchOutcome): RestClient {
  return {
    call: () => Promise.reject(new Error('not used')),
    list: () => Promise.reject(new Error('not used')),
    batch: (calls) => Promise.resolve(Object.fromEntries(Object.keys(calls).map((key) => [key, outcome]))) as never,
  }
}

const notice: PortalCommand = { key: 'a:1:0', kind: 'approver-notice', method: 'im.notify.system.add', params: {} }
const timeline: PortalCommand = {
  key: 'a:1:1',
  kind: 'timeline-comment',
  method: 'crm.timeline.comment.add',
  params: {},
  find: { method: 'crm.timeline.comment.list', params: {}, pick: () => ({ hasNextPage: false }) },
}

function emptyLedger(): WriteBackLedger {
  return { done: {}, tasks: {}, inFlight: [], owned: {} }
}

function refusal(code: string) {
  const details = { method: 'crm.timeline.comment.add', error: code, description: 'Not found' }
  return new ValidationError('BITRIX24_ERROR', 'Bitrix24 refused crm.timeline.comment.add', { details })
}

describe('sendCommands with answers that do not show the work was done', () => {
  it.each([
    { answer: 'result: false', command: notice, outcome: { ok: true, result: false } as BatchOutcome },
    { answer: 'no result', command: notice, outcome: { ok: true, result: undefined } as BatchOutcome },
    { answer: 'no created id', command: timeline, outcome: { ok: true, result: true } as BatchOutcome },
    { answer: 'an empty error code', command: timeline, outcome: { ok: false, error: refusal('') } as BatchOutcome },
  ])('retries $answer, then records it as failed, never as done', async ({ command, outcome }) => {
    const ledger = emptyLedger()
    const save = () => Promise.resolve()
    for (let attempt = 1; attempt < writeBackAttempts; attempt += 1) {
      await expect(sendCommands(answering(outcome), [command], ledger, save, at)).rejects.toMatchObject({
        code: 'BITRIX24_NOT_WRITTEN',
      })
      expect(ledger.done).toEqual({})
      expect(ledger.problems?.[command.key]).toMatchObject({ state: 'retrying', attempts: attempt, code: null, at })
    }
    await sendCommands(answering(outcome), [command], ledger, save, at)
    expect(ledger.done[command.key]).toEqual({ failed: ledger.problems?.[command.key]?.reason })
    expect(ledger.problems?.[command.key]).toMatchObject({ state: 'failed', attempts: writeBackAttempts })
    expect(ledger.inFlight).toEqual([])
  })

  it('records a command the portal denied (ACCESS_DENIED) at once as refused, never retried', async () => {
    const ledger = emptyLedger()
    const details = { method: 'crm.timeline.comment.add', error: 'ACCESS_DENIED', description: 'Access denied' }
    const denied = new PermissionError('BITRIX24_ACCESS_DENIED', 'Bitrix24 denied the call', { details })
    await sendCommands(answering({ ok: false, error: denied }), [timeline], ledger, async () => {}, at)
    expect(ledger.done[timeline.key]).toEqual({ refused: 'ACCESS_DENIED' })
    expect(ledger.problems?.[timeline.key]).toMatchObject({ state: 'refused', code: 'ACCESS_DENIED', attempts: 1 })
  })

  it('records a refusal with an error code at once as refused, and keeps it as a problem', async () => {
    const ledger = emptyLedger()
    await sendCommands(answering({ ok: false, error: refusal('NOT_FOUND') }), [timeline], ledger, async () => {}, at)
    expect(ledger.done[timeline.key]).toEqual({ refused: 'NOT_FOUND' })
    expect(ledger.problems?.[timeline.key]).toMatchObject({
      kind: 'timeline-comment',
      state: 'refused',
      code: 'NOT_FOUND',
      reason: 'Not found',
    })
  })

  it('drops the problem of a command that is carried out on a later attempt', async () => {
    const ledger = emptyLedger()
    const save = async () => {}
    await expect(sendCommands(answering({ ok: true, result: false }), [notice], ledger, save, at)).rejects.toThrow()
    await sendCommands(answering({ ok: true, result: 42 }), [notice], ledger, save, at)
    expect(ledger.done[notice.key]).toBe(42)
    expect(ledger.problems).toEqual({})
  })
})
