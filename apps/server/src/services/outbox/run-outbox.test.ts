/**
 * The outbox runner at the service level, over the Bitrix24 adapter's Portal on a recording REST pipe and a
 * recording Messenger (test doubles of our own interfaces, answering as Bitrix24 would):
 * batches of at most 50 commands (50 approvers and a deal start in 2 requests), no repeated command after a
 * failed request or a lost answer, a refused command recorded and not retried, and messenger deliveries made once
 * each under their idempotency keys.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { UpstreamError, ValidationError } from '../../ports/errors.ts'
import { createB24Portal } from '../../adapters/bitrix24/b24-portal.ts'
import type { BatchOutcome, RestClient, RestParams } from '../../adapters/bitrix24/b24-rest.ts'
import type { Messenger } from '../../ports/messenger.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { ActionDeps } from '../approvals/act-on-approval.ts'
import { createPortalPeople } from '../approvals/portal-users.ts'
import { startApproval } from '../approvals/start-approval.ts'
import { decideApproval } from '../approvals/act-on-approval.ts'
import { loadSettings, saveSettings } from '../approvals/approval-settings.ts'
import { loadLedger } from './outbox-ledger.ts'
import { createOutboxWorker } from './outbox-worker.ts'
import { runOutbox } from './run-outbox.ts'

/** The admin who changes settings in these tests. */
const admin = { userId: 1, at: '2026-01-01T00:00:00.000Z' }

const memberId = 'member-run-outbox'
type Call = [string, RestParams | undefined]

/**
 * A REST pipe double: answers like Bitrix24 would (tasks, task comments and timeline comments are kept, so lookups
 * find them), records every request, fails requests on demand: `failures` before running, `lostAnswers` after
 * running (the work is done, the answer never arrives).
 */
function recordingPortal() {
  const requests: Call[][] = []
  const failures: Error[] = []
  let lostAnswers = 0
  const tasks: { id: number; RESPONSIBLE_ID: number; CREATED_BY: number; TITLE: string; DESCRIPTION: string }[] = []
  const taskComments: { ID: string; TASKID: number; AUTHOR_ID: number; POST_MESSAGE: string }[] = []
  const timeline: { ID: string; ENTITY_ID: number; COMMENT: string }[] = []
  let nextId = 100
  /** One page of a list as Bitrix24 gives it: 50 rows from `start`, newest first when the order asks for it. */
  const listPage = <R extends { id?: number | string; ID?: string }>(rows: R[], p: RestParams): R[] => {
    const order = (p['order'] ?? {}) as Record<string, string>
    const isDesc = String(order['ID'] ?? order['id'] ?? '').toLowerCase() === 'desc'
    const sorted = isDesc ? [...rows].sort((a, b) => Number(b.ID ?? b.id) - Number(a.ID ?? a.id)) : rows
    const start = Number(p['start'] ?? 0)
    return sorted.slice(start, start + 50)
  }
  const answer = ([method, params]: Call): unknown => {
    const p = params ?? {}
    if (method === 'tasks.task.add' && (p['fields'] as { RESPONSIBLE_ID: number }).RESPONSIBLE_ID === 404) {
      const details = { method, error: 'ERROR_CORE', description: 'The responsible person cannot take tasks' }
      throw new ValidationError('BITRIX24_ERROR', 'Bitrix24 refused', { details })
    }
    if (method === 'tasks.task.add') {
      const fields = p['fields'] as (typeof tasks)[number]
      tasks.push({ ...fields, id: nextId })
      return { task: { id: String(nextId++) } }
    }
    if (method === 'tasks.task.list') {
      const filter = p['filter'] as Record<string, unknown>
      const rows = tasks.filter((t) => t.RESPONSIBLE_ID === filter['RESPONSIBLE_ID'] && t.TITLE === filter['TITLE'])
      return { tasks: listPage(rows, p).map((t) => ({ id: String(t.id), description: t.DESCRIPTION })) }
    }
    if (method === 'task.commentitem.add') {
      const fields = p['FIELDS'] as { POST_MESSAGE: string; AUTHOR_ID: number }
      taskComments.push({ ID: String(nextId), TASKID: p['TASKID'] as number, ...fields })
      return nextId++
    }
    if (method === 'task.commentitem.getlist') return taskComments.filter((c) => c.TASKID === p['TASKID'])
    if (method === 'crm.timeline.comment.add' && (p['fields'] as { ENTITY_ID: number }).ENTITY_ID === 404) {
      const details = { method, error: 'NOT_FOUND', description: 'Entity not found' }
      throw new ValidationError('BITRIX24_ERROR', 'Bitrix24 refused', { details })
    }
    if (method === 'crm.timeline.comment.add') {
      const fields = p['fields'] as { ENTITY_ID: number; COMMENT: string }
      timeline.push({ ID: String(nextId), ENTITY_ID: fields.ENTITY_ID, COMMENT: fields.COMMENT })
      return nextId++
    }
    if (method === 'crm.timeline.comment.list') {
      const entityId = (p['filter'] as { ENTITY_ID: number }).ENTITY_ID
      return listPage(
        timeline.filter((t) => t.ENTITY_ID === entityId),
        p,
      )
    }
    if (method === 'user.get' && Number(p['start']) > 0) return []
    if (method === 'user.get')
      return [1, 2, 6, 404, ...Array.from({ length: 48 }, (_, i) => 100 + i)].map((ID) => ({
        ID,
        NAME: `U${ID}`,
        UF_DEPARTMENT: [1],
      }))
    if (method === 'department.get') return [{ ID: '1', UF_HEAD: '1' }]
    return 1
  }
  const outcome = (call: Call): BatchOutcome => {
    try {
      return { ok: true, result: answer(call) }
    } catch (error) {
      return { ok: false, error: error as ValidationError }
    }
  }
  const rest: RestClient = {
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
      const outcomes = Object.fromEntries(Object.entries(calls).map(([key, call]) => [key, outcome(call)]))
      if (lostAnswers > 0) {
        lostAnswers -= 1
        throw new UpstreamError('BITRIX24_UNAVAILABLE', 'the connection dropped before the answer')
      }
      return outcomes as Record<string, BatchOutcome<T>>
    },
    async list<T>(method: string, params?: RestParams) {
      return (await rest.call(method, params)) as T[]
    },
  }
  return {
    rest,
    portal: createB24Portal(rest, 'portal.example'),
    requests,
    failures,
    tasks,
    taskComments,
    timeline,
    loseNextAnswers: (n: number) => void (lostAnswers = n),
  }
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
    async tellAboutLead() {
      return 'not-linked' as const
    },
    async askToConfirmLink() {
      return 'unreachable' as const
    },
    async tellDigest() {
      return 'not-linked' as const
    },
    async sendAttachments() {
      return 'not-linked' as const
    },
  }
  return messenger
}

let store: Store
let fake: ReturnType<typeof recordingPortal>
let messenger: ReturnType<typeof recordingMessenger>
let services: { deps: ActionDeps }
/** What `runOutbox` is given: the services' dependencies and where links point. */
let outboxDeps: Parameters<typeof runOutbox>[0]
const links = { appUrl: 'https://app.example', appCode: null }

beforeEach(async () => {
  store = openSqliteStore({ file: ':memory:' })
  fake = recordingPortal()
  messenger = recordingMessenger()
  const clock = { now: () => Date.parse('2026-11-25T10:00:00Z') }
  const directory = { portal: async () => fake.portal, forUser: async () => fake.portal }
  const people = createPortalPeople({ store, clock })
  const worker = createOutboxWorker({
    store,
    clock,
    directory,
    people,
    links,
    defer: () => {},
  })
  // The test runs the outbox itself: changes only record their effects (as if the process stopped right after).
  services = { deps: { store, clock, directory, people, outbox: { ...worker, kick: () => undefined } } }
  outboxDeps = { ...services.deps, links }
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
  it('starts 50 approvers with a deal in 2 requests: 50 tasks, then the timeline comment', async () => {
    const approval = await start(fifty, 7)
    const before = fake.requests.length
    expect(await runOutbox(outboxDeps, memberId, approval.id)).toBe('done')
    const batches = fake.requests.slice(before)
    expect(batches.map((b) => b.length)).toEqual([50, 1])
    expect(batches[0]!.every(([method]) => method === 'tasks.task.add')).toBe(true)
    expect(batches[1]!.map(([method]) => method)).toEqual(['crm.timeline.comment.add'])
    expect(Object.keys((await loadLedger(store, memberId, approval.id)).tasks)).toHaveLength(50)
  })

  it('starts a small approval in one batch request; the tasks notify the approvers', async () => {
    const approval = await start([2, 6], 7)
    const before = fake.requests.length
    expect(await runOutbox(outboxDeps, memberId, approval.id)).toBe('done')
    expect(fake.requests.slice(before).map((batch) => batch.map(([method]) => method))).toEqual([
      ['tasks.task.add', 'tasks.task.add', 'crm.timeline.comment.add'],
    ])
  })

  it('notifies approvers with im.notify.system.add when tasks are switched off, or when they start it', async () => {
    const writeBack = { tasks: false, taskComments: true, timeline: true, notifications: true }
    await saveSettings(store, memberId, { ...(await loadSettings(store, memberId)), writeBack }, admin)
    const approval = await start([2, 6], 7)
    const deps = outboxDeps
    const before = fake.requests.length
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    const sent = fake.requests.slice(before).flat()
    expect(sent.map(([method]) => method)).toEqual([
      'im.notify.system.add',
      'im.notify.system.add',
      'crm.timeline.comment.add',
    ])
    expect(sent.slice(0, 2).map(([, params]) => params?.['USER_ID'])).toEqual([2, 6])

    // The initiator starts one where they are an approver too, which the portal allows here.
    await saveSettings(
      store,
      memberId,
      {
        ...(await loadSettings(store, memberId)),
        writeBack: { ...writeBack, tasks: true },
        isSelfApprovalAllowed: true,
      },
      admin,
    )
    const own = await start([1, 2], 8)
    const from = fake.requests.length
    expect(await runOutbox(deps, memberId, own.id)).toBe('done')
    const notices = fake.requests
      .slice(from)
      .flat()
      .filter(([method]) => method === 'im.notify.system.add')
    // The initiator (user 1) gets no Bitrix24 notice of a task they gave themselves, so the app sends one.
    expect(notices.map(([, params]) => params?.['USER_ID'])).toEqual([1])
  })

  it('sends its own notice to an approver whose task Bitrix24 refused', async () => {
    const approval = await start([2, 404], 7)
    const before = fake.requests.length
    expect(await runOutbox(outboxDeps, memberId, approval.id)).toBe('done')
    const sent = fake.requests.slice(before)
    expect(sent.map((batch) => batch.map(([method]) => method))).toEqual([
      ['tasks.task.add', 'tasks.task.add', 'crm.timeline.comment.add'],
      ['im.notify.system.add'],
    ])
    expect(sent[1]![0]![1]?.['USER_ID']).toBe(404)
    expect(await runOutbox(outboxDeps, memberId, approval.id)).toBe('done')
    expect(fake.requests.length).toBe(before + 2)
  })

  it('stops before writing the ledger when another worker took the outbox lease over', async () => {
    const approval = await start([2], 7)
    let leases = 0
    // The first acquisition succeeds; every renewal finds the lease gone (it expired and another worker took it).
    const store2 = Object.create(store) as Store
    store2.acquireLease = async (...args) => (leases++ === 0 ? store.acquireLease(...args) : false)
    const deps = { ...services.deps, store: store2, links: { appUrl: 'https://app.example', appCode: null } }
    await expect(runOutbox(deps, memberId, approval.id)).rejects.toMatchObject({ code: 'OUTBOX_LEASE_LOST' })
    expect(await loadLedger(store, memberId, approval.id)).toMatchObject({ doneThroughSeq: 0, done: {} })
  })

  it('treats the tasks of a ledger written before `owned` existed as owned', async () => {
    const approval = await start([2], 7)
    const key = tenantKey(memberId, 'outbox-ledger', approval.id)
    expect(await runOutbox(outboxDeps, memberId, approval.id)).toBe('done')
    const current = await loadLedger(store, memberId, approval.id)
    const stored = await store.get<Record<string, unknown>>(key)
    expect(stored?.value['tasks']).toEqual(current.tasks)
    const { owned: _owned, inFlight: _inFlight, ...legacy } = current
    await store.put(key, legacy)
    expect((await loadLedger(store, memberId, approval.id)).owned).toEqual({
      'task-create': Object.values(current.tasks),
    })
  })

  it('reads the owned ids of a ledger that keyed them by REST method', async () => {
    const approval = await start([2], 7)
    const key = tenantKey(memberId, 'outbox-ledger', approval.id)
    fake.loseNextAnswers(1)
    await expect(runOutbox(outboxDeps, memberId, approval.id)).rejects.toThrow()
    const [made] = fake.tasks
    const ledger = await loadLedger(store, memberId, approval.id)
    // As an older ledger stored it: the lost task is already owned (by another place), under the method's name.
    await store.put(key, { ...ledger, owned: { 'tasks.task.add': [made!.id] } })
    expect(await runOutbox(outboxDeps, memberId, approval.id)).toBe('done')
    expect(fake.tasks).toHaveLength(2)
    expect(Object.values((await loadLedger(store, memberId, approval.id)).tasks)).toEqual([fake.tasks[1]!.id])
  })

  it('writes into Bitrix24 in the language the portal chose', async () => {
    await saveSettings(store, memberId, { ...(await loadSettings(store, memberId)), language: 'en' }, admin)
    const approval = await start([2], 7)
    expect(await runOutbox(outboxDeps, memberId, approval.id)).toBe('done')
    expect(fake.tasks[0]!.TITLE).toBe('Approval: T')
    expect(fake.timeline[0]!.COMMENT).toBe(
      `Approval “T” started. [URL=https://app.example/#/approvals/${approval.id}]Open the approval[/URL]`,
    )
  })

  it('after a failed request re-sends only what did not run', async () => {
    const approval = await start(fifty, 7)
    const deps = outboxDeps
    const before = fake.requests.length
    // The task batch succeeds, the timeline batch fails once before running.
    const original = fake.rest.batch.bind(fake.rest)
    let calls = 0
    fake.rest.batch = async (c) => {
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
    // The failed request may have run: the comment is looked up first, then sent once.
    expect(methods.filter((m) => m === 'crm.timeline.comment.list')).toHaveLength(1)
    expect(methods.filter((m) => m === 'crm.timeline.comment.add')).toHaveLength(1)
    expect(fake.timeline).toHaveLength(1)
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(fake.requests.slice(before).flat()).toHaveLength(methods.length)
  })

  it('after a lost answer looks the tasks and the timeline comment up instead of creating them twice', async () => {
    const approval = await start(fifty, 7)
    const deps = outboxDeps
    fake.loseNextAnswers(1)
    await expect(runOutbox(deps, memberId, approval.id)).rejects.toThrow('dropped')
    expect(fake.tasks).toHaveLength(50)
    expect((await loadLedger(store, memberId, approval.id)).inFlight).toHaveLength(50)
    fake.loseNextAnswers(1)
    // The lookup finds all 50; the timeline comment is sent, runs, and its answer is lost too.
    await expect(runOutbox(deps, memberId, approval.id)).rejects.toThrow('dropped')
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(fake.tasks).toHaveLength(50)
    expect(fake.timeline).toHaveLength(1)
    const ledger = await loadLedger(store, memberId, approval.id)
    expect(new Set(Object.values(ledger.tasks))).toEqual(new Set(fake.tasks.map((t) => t.id)))
    expect(ledger.inFlight).toEqual([])
    expect(fake.requests.flat().filter(([method]) => method === 'tasks.task.add')).toHaveLength(50)
  })

  it('after a lost answer sends again what did not run, and owns each entity once', async () => {
    const first = await start([2], 7)
    const second = await start([2], 7)
    const deps = outboxDeps
    expect(await runOutbox(deps, memberId, first.id)).toBe('done')
    // The request fails before anything runs, but the outbox cannot tell: it looks up, finds nothing, resends.
    fake.failures.push(new UpstreamError('BITRIX24_UNAVAILABLE', 'timeout'))
    await expect(runOutbox(deps, memberId, second.id)).rejects.toThrow('timeout')
    expect((await loadLedger(store, memberId, second.id)).inFlight).toHaveLength(2)
    expect(await runOutbox(deps, memberId, second.id)).toBe('done')
    expect(fake.tasks.filter((t) => t.RESPONSIBLE_ID === 2)).toHaveLength(2)
    expect(fake.timeline).toHaveLength(2)
    const ids = [first, second].map(async (a) => Object.values((await loadLedger(store, memberId, a.id)).tasks))
    const [a, b] = await Promise.all(ids)
    expect(a).not.toEqual(b)
  })

  it('finds a task comment whose answer was lost when the approver decided', async () => {
    const approval = await start([2, 6], 7)
    const deps = outboxDeps
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    await decideApproval(
      services.deps,
      { memberId, approvalId: approval.id, actor: { userId: 2, isAdmin: false }, channel: 'web' },
      { response: 'approve', comment: 'Да' },
    )
    fake.loseNextAnswers(1)
    await expect(runOutbox(deps, memberId, approval.id)).rejects.toThrow('dropped')
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(fake.taskComments).toHaveLength(1)
    expect(fake.taskComments[0]).toMatchObject({ AUTHOR_ID: 2 })
  })

  it('after a lost answer finds the task and the timeline comment beyond the first page of 50', async () => {
    const approval = await start([2], 7)
    const deps = outboxDeps
    fake.loseNextAnswers(1)
    await expect(runOutbox(deps, memberId, approval.id)).rejects.toThrow('dropped')
    // Before the retry, the deal gets 60 more comments and the approver 60 more tasks of the same title.
    for (let i = 0; i < 60; i += 1) {
      await fake.rest.call('crm.timeline.comment.add', { fields: { ENTITY_ID: 7, COMMENT: `Звонок ${i}` } })
      const fields = { TITLE: fake.tasks[0]!.TITLE, RESPONSIBLE_ID: 2, CREATED_BY: 1, DESCRIPTION: `Другое ${i}` }
      await fake.rest.call('tasks.task.add', { fields })
    }
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(fake.tasks.filter((t) => t.DESCRIPTION.includes(approval.id))).toHaveLength(1)
    expect(fake.timeline.filter((t) => t.COMMENT.includes(approval.id))).toHaveLength(1)
    const ledger = await loadLedger(store, memberId, approval.id)
    expect(Object.values(ledger.tasks)).toEqual([fake.tasks[0]!.id])
    expect(ledger.inFlight).toEqual([])
  })

  it('forgets an in-flight command that is no longer sent (its write-back was switched off meanwhile)', async () => {
    const approval = await start([2], 7)
    const deps = outboxDeps
    fake.loseNextAnswers(1)
    await expect(runOutbox(deps, memberId, approval.id)).rejects.toThrow('dropped')
    const settings = await loadSettings(store, memberId)
    await saveSettings(store, memberId, { ...settings, writeBack: { ...settings.writeBack, timeline: false } }, admin)
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    const ledger = await loadLedger(store, memberId, approval.id)
    expect(ledger.inFlight).toEqual([])
    expect(fake.tasks).toHaveLength(1)
  })

  it('records a command Bitrix24 refuses and runs the rest, never retrying it', async () => {
    const approval = await start([2], 404)
    const deps = outboxDeps
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    const ledger = await loadLedger(store, memberId, approval.id)
    expect(Object.values(ledger.done)).toContainEqual({ refused: 'NOT_FOUND' })
    expect(fake.tasks).toHaveLength(1)
    const count = fake.requests.length
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(fake.requests.length).toBe(count)
  })

  it('delivers each approval card once, even when the messenger fails midway', async () => {
    messenger.failOnce = true
    const approval = await start([2, 6], 7)
    const deps = { ...outboxDeps, messenger }
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

  it('writes an answer back while a Telegram step of the same approval still waits for its chat slot', async () => {
    let release = () => {}
    const chatSlot = new Promise<void>((resolve) => (release = resolve))
    const waiting: Messenger = {
      ...messenger,
      deliverCard: async (input) => {
        await chatSlot
        return messenger.deliverCard(input)
      },
    }
    const approval = await start([2, 6], 7)
    const deps = { ...outboxDeps, messenger: waiting }
    const first = runOutbox(deps, memberId, approval.id)
    await vi.waitFor(() => expect(fake.tasks).toHaveLength(2))
    const actor = { userId: 2, isAdmin: false }
    await decideApproval(
      services.deps,
      { memberId, approvalId: approval.id, actor, channel: 'web' },
      { response: 'approve' },
    )
    // The messenger lane is still held by the first run; the write-back lane takes the answer at once.
    expect(await runOutbox(deps, memberId, approval.id)).toBe('busy')
    const methods = fake.requests.flat().map(([method]) => method)
    expect(methods.filter((m) => m === 'tasks.task.complete')).toHaveLength(1)
    expect(messenger.deliveries).toEqual([])
    release()
    expect(await first).toBe('done')
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(messenger.deliveries.map((key) => key.split(':tg:')[1])).toEqual(['2', '6'])
    expect(fake.requests.flat().filter(([m]) => m === 'tasks.task.complete')).toHaveLength(1)
  })

  it('delivers the cards later when Telegram failed from the start while the write-back went through', async () => {
    const down: Messenger = {
      ...messenger,
      deliverCard: async () => {
        throw new UpstreamError('TELEGRAM_UNAVAILABLE', 'Telegram did not answer')
      },
    }
    const approval = await start([2, 6], 7)
    await expect(runOutbox({ ...outboxDeps, messenger: down }, memberId, approval.id)).rejects.toThrow('Telegram')
    expect(fake.tasks).toHaveLength(2)
    expect(await runOutbox({ ...outboxDeps, messenger }, memberId, approval.id)).toBe('done')
    expect(messenger.deliveries.map((key) => key.split(':tg:')[1])).toEqual(['2', '6'])
    expect(fake.tasks).toHaveLength(2)
  })

  it('sends no card twice for an approval whose outbox ran before the lanes were split', async () => {
    const approval = await start([2, 6], 7)
    const deps = { ...outboxDeps, messenger }
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    // As an earlier version left it: one ledger with the Telegram steps in it, no messenger ledger.
    const ledger = await loadLedger(store, memberId, approval.id)
    const messengerLedger = await store.get<{ done: object }>(tenantKey(memberId, 'outbox-tg-ledger', approval.id))
    await store.put(tenantKey(memberId, 'outbox-ledger', approval.id), {
      ...ledger,
      hasMessengerLane: undefined,
      done: { ...ledger.done, ...messengerLedger!.value.done },
    })
    await store.delete(tenantKey(memberId, 'outbox-tg-ledger', approval.id))
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(messenger.deliveries).toHaveLength(2)
  })

  it('sends no card twice when an earlier version stopped midway and the split run writes back first', async () => {
    const deps = { ...outboxDeps, messenger }
    // How an earlier version recorded a delivered card: learnt from a run of another approval.
    const other = await start([2], 8)
    expect(await runOutbox(deps, memberId, other.id)).toBe('done')
    const sent = (await store.get<{ done: Record<string, unknown> }>(
      tenantKey(memberId, 'outbox-tg-ledger', other.id),
    ))!
    const [otherKey, answer] = Object.entries(sent.value.done).find(([key]) => key.endsWith(':tg:2'))!
    // This approval's card reached approver 2 before that version stopped; nothing else ran.
    const approval = await start([2, 6], 7)
    const key = otherKey.replace(other.id, approval.id)
    const legacy = { doneThroughSeq: 0, done: { [key]: answer }, tasks: {}, inFlight: [], owned: {} }
    await store.put(tenantKey(memberId, 'outbox-ledger', approval.id), legacy)
    messenger.deliveries.length = 0
    expect(await runOutbox(deps, memberId, approval.id)).toBe('done')
    expect(messenger.deliveries.map((k) => k.split(':tg:')[1])).toEqual(['6'])
  })
})
