/**
 * The outbox runner at the service level, with a recording Portal and Messenger (test doubles of our own ports):
 * batches of at most 50 commands, no repeated command after a partial failure, a refused command recorded and
 * not retried, and messenger deliveries made once each under their idempotency keys.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { UpstreamError, ValidationError } from '../../ports/errors.ts'
import type { Messenger } from '../../ports/messenger.ts'
import type { Portal, RestParams } from '../../ports/portal.ts'
import type { Store } from '../../ports/store.ts'
import { createApprovalServices, type ApprovalServices } from '../approvals/approval-services.ts'
import { startApproval } from '../approvals/start-approval.ts'
import { decideApproval } from '../approvals/act-on-approval.ts'
import { loadLedger } from './outbox-ledger.ts'
import { runOutbox } from './run-outbox.ts'

const memberId = 'member-run-outbox'
type Call = [string, RestParams | undefined]

/** A Portal double: answers like Bitrix24 would, records every request, fails requests on demand. */
function recordingPortal() {
  const requests: Call[][] = []
  const failures: Error[] = []
  let nextTask = 100
  const answer = ([method, params]: Call): unknown => {
    if (method === 'tasks.task.add') return { task: { id: String(nextTask++) } }
    if (method === 'crm.timeline.comment.add' && (params?.['fields'] as { ENTITY_ID: number }).ENTITY_ID === 404) {
      const details = { method, error: 'NOT_FOUND', description: 'Entity not found' }
      throw new ValidationError('BITRIX24_ERROR', 'Bitrix24 refused', { details })
    }
    if (method === 'user.get' && Number(params?.['start']) > 0) return []
    if (method === 'user.get')
      return [2, 6, ...Array.from({ length: 48 }, (_, i) => 100 + i)].map((ID) => ({
        ID,
        NAME: `U${ID}`,
        UF_DEPARTMENT: [1],
      }))
    if (method === 'department.get') return [{ ID: '1', UF_HEAD: '1' }]
    return 1
  }
  const portal: Portal = {
    async call<T>(method: string, params?: RestParams) {
      requests.push([[method, params]])
      const failure = failures.shift()
      if (failure) throw failure
      return answer([method, params]) as T
    },
    async batch<T>(calls: Record<string, Call>) {
      requests.push(Object.values(calls))
      const failure = failures.shift()
      if (failure) throw failure
      return Object.fromEntries(Object.entries(calls).map(([key, call]) => [key, answer(call)])) as Record<string, T>
    },
  }
  return { portal, requests, failures }
}

function recordingMessenger(): Messenger & { deliveries: string[]; failOnce: boolean } {
  const messenger = {
    deliveries: [] as string[],
    failOnce: false,
    async deliverCard(input: { userId: number; idempotencyKey: string }) {
      if (messenger.failOnce && messenger.deliveries.length === 1) {
        messenger.failOnce = false
        throw new UpstreamError('TELEGRAM_UNAVAILABLE', 'Telegram did not answer')
      }
      messenger.deliveries.push(input.idempotencyKey)
      return input.userId === 2 ? ('delivered' as const) : ('not-linked' as const)
    },
    async updateCards() {},
    async tellInitiator() {
      return 'not-linked' as const
    },
  }
  return messenger
}

let store: Store
let fake: ReturnType<typeof recordingPortal>
let messenger: ReturnType<typeof recordingMessenger>
let services: ApprovalServices

beforeEach(async () => {
  store = openSqliteStore({ file: ':memory:' })
  fake = recordingPortal()
  messenger = recordingMessenger()
  services = createApprovalServices({
    store,
    clock: { now: () => Date.parse('2026-11-25T10:00:00Z') },
    directory: { portal: async () => fake.portal },
    appUrl: 'https://app.example',
    defer: () => undefined,
    messenger,
  })
  // The test runs the outbox itself: changes only record their effects (as if the process stopped right after).
  services.deps.outbox = { ...services.deps.outbox, kick: () => undefined }
})
afterEach(async () => {
  await store.close()
})

const fifty = [2, 6, ...Array.from({ length: 48 }, (_, i) => 100 + i)]
const subject = (id: number) => ({ kind: 'deal' as const, id, title: 'D', amount: null, currency: null, url: null })

async function start(approverIds: number[], dealId: number) {
  const draft = { title: 'T', stages: [{ approverIds, rule: { kind: 'all' as const } }], subject: subject(dealId) }
  return startApproval(services.deps, { memberId, initiatorId: 1, channel: 'web', draft })
}

describe('runOutbox', () => {
  it('starts 50 approvers with a deal in 3 batches of at most 50 commands', async () => {
    const approval = await start(fifty, 7)
    const before = fake.requests.length
    expect(await runOutbox({ ...services.deps, appUrl: 'https://app.example' }, memberId, approval.id)).toBe('done')
    const batches = fake.requests.slice(before)
    expect(batches.map((b) => b.length)).toEqual([50, 50, 1])
    expect(batches[0]!.every(([method]) => method === 'tasks.task.add')).toBe(true)
    expect(Object.keys((await loadLedger(store, memberId, approval.id)).tasks)).toHaveLength(50)
  })

  it('starts a small approval in one batch request', async () => {
    const approval = await start([2, 6], 7)
    const before = fake.requests.length
    expect(await runOutbox({ ...services.deps, appUrl: 'https://app.example' }, memberId, approval.id)).toBe('done')
    expect(fake.requests.slice(before).map((batch) => batch.map(([method]) => method))).toEqual([
      ['tasks.task.add', 'tasks.task.add', 'im.notify.system.add', 'im.notify.system.add', 'crm.timeline.comment.add'],
    ])
  })

  it('after a failed request re-sends only what did not run', async () => {
    const approval = await start(fifty, 7)
    const deps = { ...services.deps, appUrl: 'https://app.example' }
    const before = fake.requests.length
    // The task batch succeeds, the notification batch fails once.
    const original = fake.portal.batch.bind(fake.portal)
    let calls = 0
    fake.portal.batch = async (c) => {
      calls += 1
      if (calls === 2) throw new UpstreamError('BITRIX24_UNAVAILABLE', 'down')
      return original(c)
    }
    await expect(runOutbox(deps, memberId, approval.id)).rejects.toThrow('down')
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    const methods = fake.requests
      .slice(before)
      .flat()
      .map(([method]) => method)
    expect(methods.filter((m) => m === 'tasks.task.add')).toHaveLength(50)
    expect(methods.filter((m) => m === 'im.notify.system.add')).toHaveLength(50)
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(fake.requests.slice(before).flat()).toHaveLength(methods.length)
  })

  it('records a command Bitrix24 refuses and runs the rest, never retrying it', async () => {
    const approval = await start([2], 404)
    const deps = { ...services.deps, appUrl: 'https://app.example' }
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    const ledger = await loadLedger(store, memberId, approval.id)
    expect(Object.values(ledger.done)).toContainEqual({ refused: 'NOT_FOUND' })
    const notifications = fake.requests.flat().filter(([method]) => method === 'im.notify.system.add')
    expect(notifications.length).toBeGreaterThanOrEqual(1)
    const count = fake.requests.length
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(fake.requests.length).toBe(count)
  })

  it('delivers each approval card once, even when the messenger fails midway', async () => {
    messenger.failOnce = true
    const approval = await start([2, 6], 7)
    const deps = { ...services.deps, appUrl: 'https://app.example', messenger }
    await expect(runOutbox(deps, memberId, approval.id)).rejects.toThrow('Telegram')
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(messenger.deliveries.map((key) => key.split(':tg:')[1])).toEqual(['2', '6'])
    expect(messenger.deliveries.every((key) => key.startsWith(`${approval.id}:1:`))).toBe(true)
    await decideApproval(
      services.deps,
      { memberId, approvalId: approval.id, actor: { userId: 2, isAdmin: false }, channel: 'web' },
      { response: 'approve' },
    )
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(messenger.deliveries).toHaveLength(2)
  })
})
