import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import { systemClock } from '../ports/clock.ts'
import { telegramInboxQueue } from '../services/telegram/update-inbox.ts'
import { createTelegramRoutes, secretTokenHeader } from './telegram.ts'

const secret = 'order-test-secret'
const store = openSqliteStore({ file: ':memory:' })
afterEach(async () => {
  for (;;) {
    const items = await store.claim(telegramInboxQueue, { now: Date.now() + 60_000, leaseMs: 1, limit: 100 })
    if (items.length === 0) break
    for (const item of items) await store.ack(telegramInboxQueue, item.id, item.claimToken)
  }
})

/** The webhook route over a real store, recording when the inbox run starts relative to the answer. */
function webhookWithProbe() {
  const events: string[] = []
  const deferred: Promise<unknown>[] = []
  const routes = createTelegramRoutes({
    ...{ secret, store, clock: systemClock },
    defer: (work) => void deferred.push(work),
    processInbox: async () => {
      events.push('inbox run started')
      return store.queueSize(telegramInboxQueue)
    },
  })
  const app = new Hono().route('/api', routes)
  const post = async (body: unknown) => {
    const res = await app.request('/api/telegram/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [secretTokenHeader]: secret },
      body: JSON.stringify(body),
    })
    events.push(`answered ${res.status}`)
    return res
  }
  return { events, deferred, post }
}

describe('POST /api/telegram/webhook: the bot runs the update after the answer', () => {
  it('persists the update before the 200 and starts the inbox run only after it', async () => {
    const probe = webhookWithProbe()
    const res = await probe.post({ update_id: 9_100_001, message: { text: 'hi' } })
    expect(await res.json()).toEqual({ ok: true, duplicate: false })
    expect(await store.queueSize(telegramInboxQueue)).toBe(1)
    expect(probe.events).toEqual(['answered 200'])
    expect(probe.deferred).toHaveLength(1)
    // The deferred run still happens, and sees the stored update.
    await expect(Promise.all(probe.deferred)).resolves.toEqual([1])
    expect(probe.events).toEqual(['answered 200', 'inbox run started'])
  })

  it('a repeated delivery answers 200 as a duplicate and defers nothing', async () => {
    const probe = webhookWithProbe()
    await probe.post({ update_id: 9_100_002 })
    const again = await probe.post({ update_id: 9_100_002 })
    expect(await again.json()).toEqual({ ok: true, duplicate: true })
    await Promise.all(probe.deferred)
    expect(probe.deferred).toHaveLength(1)
    expect(await store.queueSize(telegramInboxQueue)).toBe(1)
  })
})
