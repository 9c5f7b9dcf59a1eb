import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { RateLimitedError, UpstreamError } from '../../ports/errors.ts'
import { globalKey, type Store } from '../../ports/store.ts'
import { createStoreRateBudget } from '../rate-budget.ts'
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts'
import type { BatchOutcome, RestClient, RestParams } from './b24-rest.ts'
import { createBatchQueue, writeBackIntervalOf, type BatchCalls } from './batch-queue.ts'

/** A REST pipe that records each `batch` request's calls and answers each command with its own method name. */
function recordingRest(answer: (calls: BatchCalls) => Promise<void> = async () => {}) {
  const requests: [method: string, params?: RestParams][][] = []
  const rest: Pick<RestClient, 'batch'> = {
    async batch<T>(calls: BatchCalls) {
      requests.push(Object.values(calls))
      await answer(calls)
      return Object.fromEntries(
        Object.entries(calls).map(([name, [method]]) => [name, { ok: true, result: method as T }]),
      ) as Record<string, BatchOutcome<T>>
    },
  }
  return { rest: rest as RestClient, requests }
}

const callsOf = (approval: string, count: number): BatchCalls =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`c${i}`, [`${approval}.${i}`, { n: i }]]))

describe('the batch queue of one portal', () => {
  it('merges what many approvals send at once into one request, each approval’s calls together and in order', async () => {
    const { rest, requests } = recordingRest()
    const queue = createBatchQueue(rest, 0)
    const answers = await Promise.all(['a', 'b', 'c'].map((a) => queue.batch(callsOf(a, 3))))
    expect(requests).toHaveLength(1)
    expect(requests[0]!.map(([method]) => method)).toEqual([
      'a.0',
      'a.1',
      'a.2',
      'b.0',
      'b.1',
      'b.2',
      'c.0',
      'c.1',
      'c.2',
    ])
    // Every caller gets its own outcomes under its own names.
    expect(answers[1]).toEqual({
      c0: { ok: true, result: 'b.0' },
      c1: { ok: true, result: 'b.1' },
      c2: { ok: true, result: 'b.2' },
    })
  })

  it('fills requests up to 50 commands with whole submissions, first come first sent, one request at a time', async () => {
    let inFlight = 0
    let most = 0
    const { rest, requests } = recordingRest(async () => {
      most = Math.max(most, (inFlight += 1))
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight -= 1
    })
    const queue = createBatchQueue(rest, 0)
    const sizes = [20, 20, 20, 50, 5, 45, 1]
    await Promise.all(sizes.map((size, i) => queue.batch(callsOf(`s${i}`, size))))
    expect(requests.map((r) => r.length)).toEqual([40, 20, 50, 50, 1])
    expect(requests.flat().map(([method]) => method.split('.')[0])).toEqual(
      sizes.flatMap((size, i) => Array.from({ length: size }, () => `s${i}`)),
    )
    expect(most).toBe(1)
    expect(() => queue.batch(callsOf('x', 51))).toThrow(RangeError)
  })

  it('gives every caller of a request that failed as a whole the error, and goes on with the next request', async () => {
    let failing = true
    const { rest, requests } = recordingRest(async () => {
      if (failing) {
        failing = false
        throw new UpstreamError('BITRIX24_UNAVAILABLE', 'no answer')
      }
    })
    const queue = createBatchQueue(rest, 0)
    const first = [queue.batch(callsOf('a', 2)), queue.batch(callsOf('b', 2))]
    const settled = await Promise.allSettled(first)
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected'])
    expect(await queue.batch(callsOf('c', 1))).toEqual({ c0: { ok: true, result: 'c.0' } })
    expect(requests).toHaveLength(2)
  })

  it('never lets a busy portal delay another: each portal has its own queue', async () => {
    let release: () => void = () => {}
    const busy = recordingRest(() => new Promise<void>((resolve) => (release = resolve)))
    const idle = recordingRest()
    const busyQueue = createBatchQueue(busy.rest, 0)
    const idleQueue = createBatchQueue(idle.rest, 0)
    const waiting = Promise.all([busyQueue.batch(callsOf('a', 50)), busyQueue.batch(callsOf('a', 50))])
    for (let i = 0; i < 5; i += 1) {
      expect(await idleQueue.batch(callsOf(`b${i}`, 10))).toHaveProperty('c9')
    }
    expect(idle.requests).toHaveLength(5)
    expect(busy.requests).toHaveLength(1)
    release()
    await new Promise((resolve) => setTimeout(resolve, 0))
    release()
    await waiting
    expect(busy.requests).toHaveLength(2)
  })

  it('sends at most one request per interval, just under the SDK pacing, so requests fill meanwhile', async () => {
    const sentAt: number[] = []
    const { rest, requests } = recordingRest(async () => void sentAt.push(Date.now()))
    const queue = createBatchQueue(rest, 100)
    const first = queue.batch(callsOf('a', 1))
    await new Promise((resolve) => setTimeout(resolve, 10))
    // Arrive while the queue waits for its next slot: they share one request.
    await Promise.all([first, queue.batch(callsOf('b', 1)), queue.batch(callsOf('c', 1))])
    expect(requests.map((r) => r.length)).toEqual([1, 2])
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(95)
    expect(writeBackIntervalOf({ rateLimit: { burstLimit: 50, drainRate: 2, adaptiveEnabled: true } })).toBe(520)
    expect(writeBackIntervalOf({})).toBe(520)
  })

  describe('across instances sharing the store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-queue-'))
    const stores: Store[] = []
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()))
      rmSync(dir, { recursive: true, force: true })
    })
    /** Two instances' queues of one portal, each over its own connection to one store and one REST log. */
    function twoInstances(intervalMs: number, answer?: (calls: BatchCalls) => Promise<void>) {
      const file = join(dir, `store-${stores.length}.sqlite`)
      const sent: { instance: number; at: number }[] = []
      return [0, 1].map((instance) => {
        const store = openSqliteStore({ file })
        stores.push(store)
        const keyOf = (part: string) => globalKey('b24-pace', 'portal.example', part)
        const budget = createStoreRateBudget({ store, keyOf, perSecond: 1_000 / intervalMs })
        const { rest } = recordingRest(async (calls) => {
          sent.push({ instance, at: Date.now() })
          await answer?.(calls)
        })
        return { queue: createBatchQueue(rest, intervalMs, budget), sent }
      })
    }

    it('never doubles the portal’s request rate, and serves both instances in turn', async () => {
      const [a, b] = twoInstances(100)
      const full = (name: string) => Array.from({ length: 6 }, (_, i) => callsOf(`${name}${i}`, 50))
      await Promise.all([...full('a').map((c) => a!.queue.batch(c)), ...full('b').map((c) => b!.queue.batch(c))])
      const sent = a!.sent.sort((x, y) => x.at - y.at)
      expect(sent).toHaveLength(12)
      // 12 requests, one slot per 100 ms between both instances: 11 intervals (two unshared queues: 5), less
      // slack for a loaded machine's timers.
      expect(sent.at(-1)!.at - sent[0]!.at).toBeGreaterThanOrEqual(9 * 100)
      // Neither instance waits for the other to finish: each has sent some of the first half.
      const firstHalf = sent.slice(0, 6).map((r) => r.instance)
      expect(firstHalf.filter((i) => i === 0).length).toBeGreaterThanOrEqual(2)
      expect(firstHalf.filter((i) => i === 1).length).toBeGreaterThanOrEqual(2)
    })

    it('pauses both instances when the portal answered 503 beyond the SDK’s retries', async () => {
      let refusals = 1
      const [a, b] = twoInstances(20, async () => {
        if (refusals-- > 0) throw new RateLimitedError('BITRIX24_RATE_LIMITED', 'limit reached', 300)
      })
      await expect(a!.queue.batch(callsOf('a', 1))).rejects.toBeInstanceOf(RateLimitedError)
      const refusedAt = a!.sent[0]!.at
      await b!.queue.batch(callsOf('b', 1))
      expect(b!.sent[1]!.at - refusedAt).toBeGreaterThanOrEqual(280)
    })
  })
})
