import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import type { Store } from '../ports/store.ts'
import {
  expireInbox,
  inboxExpiryQueue,
  inboxKey,
  inboxQueue,
  inboxRetentionMs,
  persistEvent,
  processInbox,
  type EventHandler,
  type InboxEvent,
} from './event-inbox.ts'

let store: Store
let now = Date.UTC(2026, 10, 25, 12, 0, 0)
const clock = { now: () => now }

beforeEach(() => {
  store = openSqliteStore({ file: ':memory:', now: clock.now })
})
afterEach(async () => {
  await store.close()
})

const deal = (id: string) => ({
  memberId: 'a223c6b3710f85df22e9377d6c4f7553',
  event: 'ONCRMDEALADD',
  eventHandlerId: '185',
  data: { FIELDS: { ID: id } },
  ts: '1766047124',
  userId: 1,
})

describe('the event inbox', () => {
  it('stores an event once: the same delivery again is not queued a second time', async () => {
    expect((await persistEvent({ store, clock }, deal('7405'))).isNew).toBe(true)
    expect((await persistEvent({ store, clock }, deal('7405'))).isNew).toBe(false)
    expect((await persistEvent({ store, clock }, deal('7406'))).isNew).toBe(true)
    expect(await store.queueSize(inboxQueue)).toBe(2)
  })

  it('resumes an event whose handler failed: retried after the backoff, then done', async () => {
    const { id } = await persistEvent({ store, clock }, deal('7405'))
    let failures = 1
    const seen: string[] = []
    const handler: EventHandler = async (event) => {
      seen.push(event.id)
      if (failures-- > 0) throw new Error('Bitrix24 did not answer')
    }
    const deps = { store, clock, handlers: new Map([['ONCRMDEALADD', handler]]) }
    expect(await processInbox(deps)).toBe(1)
    const key = inboxKey(deal('7405').memberId, id)
    expect((await store.get<InboxEvent>(key))?.value).toMatchObject({ status: 'pending', attempts: 1 })
    expect(await processInbox(deps)).toBe(0)
    now += 5_000
    expect(await processInbox(deps)).toBe(1)
    expect((await store.get<InboxEvent>(key))?.value).toMatchObject({ status: 'done', attempts: 2 })
    expect(seen).toEqual([id, id])
    expect(await store.queueSize(inboxQueue)).toBe(0)
  })

  it('records an event without a handler as unhandled and acknowledges it', async () => {
    const { id } = await persistEvent({ store, clock }, { ...deal('1'), event: 'ONUSERADD' })
    expect(await processInbox({ store, clock, handlers: new Map() })).toBe(1)
    expect((await store.get<InboxEvent>(inboxKey(deal('1').memberId, id)))?.value.status).toBe('unhandled')
    expect(await store.queueSize(inboxQueue)).toBe(0)
  })

  it('gives up after five failed attempts', async () => {
    const { id } = await persistEvent({ store, clock }, deal('9'))
    const handler: EventHandler = async () => {
      throw new Error('always fails')
    }
    const deps = { store, clock, handlers: new Map([['ONCRMDEALADD', handler]]) }
    for (let attempt = 0; attempt < 5; attempt++) {
      await processInbox(deps)
      now += 200_000
    }
    expect((await store.get<InboxEvent>(inboxKey(deal('9').memberId, id)))?.value).toMatchObject({
      status: 'failed',
      attempts: 5,
    })
    expect(await store.queueSize(inboxQueue)).toBe(0)
  })

  it('keeps the inbox bounded: every record, handled or not, expires after the retention', async () => {
    const member = deal('1').memberId
    const handled = await persistEvent({ store, clock }, deal('1'))
    const unhandled = await persistEvent({ store, clock }, { ...deal('2'), event: 'ONUSERADD' })
    await processInbox({ store, clock, handlers: new Map([['ONCRMDEALADD', async () => undefined]]) })
    now += 60 * 60_000
    const pending = await persistEvent({ store, clock }, deal('3'))
    expect(inboxRetentionMs).toBe(7 * 24 * 60 * 60_000)

    now += inboxRetentionMs - 60 * 60_000 - 1
    expect(await expireInbox({ store, clock })).toBe(0)
    now += 1
    expect(await expireInbox({ store, clock })).toBe(2)
    expect(await store.get(inboxKey(member, handled.id))).toBeNull()
    expect(await store.get(inboxKey(member, unhandled.id))).toBeNull()
    expect((await store.get<InboxEvent>(inboxKey(member, pending.id)))?.value.status).toBe('pending')

    now += 60 * 60_000
    expect(await expireInbox({ store, clock })).toBe(1)
    expect(await store.get(inboxKey(member, pending.id))).toBeNull()
    expect(await store.queueSize(inboxExpiryQueue)).toBe(0)
    // The pending record's queue item finds no record any more and is acknowledged.
    expect(await processInbox({ store, clock, handlers: new Map() })).toBe(1)
    expect(await store.queueSize(inboxQueue)).toBe(0)
  })

  it('stays bounded under a stream of events: records older than the retention are gone', async () => {
    for (let hour = 0; hour < 24 * 10; hour += 1) {
      await persistEvent({ store, clock }, deal(String(hour)))
      now += 60 * 60_000
      await expireInbox({ store, clock })
    }
    // Ten days of hourly events leave those of the last 7 days (the one exactly 7 days old has expired).
    expect(await store.queueSize(inboxExpiryQueue)).toBe(7 * 24 - 1)
  })
})
