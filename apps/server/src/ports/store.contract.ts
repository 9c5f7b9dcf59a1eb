/**
 * @module The Store contract suite: the executable copy of the TSDoc in `ports/store.ts`. Every adapter's test
 * file calls {@link runStoreContract} once (the pattern of Hono's `runTest({ newRouter })` router suite), so the
 * three adapters are held to the same behaviour, concurrency cases included.
 */
import fc from 'fast-check'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { ValidationError } from './errors.ts'
import { globalKey, tenantKey, type IndexEntry, type IndexPageOptions, type QueueItem, type Store } from './store.ts'

/** What an adapter's test passes to {@link runStoreContract}. */
export interface StoreContractOptions {
  /** Shown in the suite title, e.g. `sqlite`. */
  name: string
  /** Returns a fresh, empty store. The suite closes every store it opened after each test. */
  newStore: () => Store | Promise<Store>
}

/** Opens a fresh store for one test; the suite closes it afterwards. */
type OpenStore = () => Promise<Store>

/**
 * Registers the whole Store contract (basic behaviour of every method, TTLs, the concurrency cases — no lost
 * update, one claimant per queue item, one lease holder — and portal purge) as one `describe` block named after
 * the adapter.
 */
export function runStoreContract(options: StoreContractOptions): void {
  const opened: Store[] = []
  const open: OpenStore = async () => {
    const store = await options.newStore()
    opened.push(store)
    return store
  }
  const closeAll = async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()))
  }
  describe(`Store contract: ${options.name}`, () => {
    afterEach(closeAll)
    afterAll(closeAll)
    documentCases(open)
    tempCases(open)
    tempExpiryCases(open)
    indexCases(open)
    indexPagingCases(open)
    queueCases(open)
    queueRedeliveryCases(open)
    leaseCases(open)
    counterCases(open)
    concurrencyCases(open)
    bulkConcurrencyCases(open)
    purgeCases(open)
  })
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
/** A TTL that outlives any test: values written with it must still be there. */
const liveTtl = 60_000
/** A TTL that has certainly passed after {@link afterShortTtl} ms. */
const shortTtl = 40
const afterShortTtl = 120

const docKey = tenantKey('contract', 'approval', '1')
const richValue = {
  title: 'Счёт №42 — "urgent" <b>&</b> 🚀',
  amount: 1234.5,
  isUrgent: true,
  approvers: [1, 2, 3],
  note: null,
  nested: { lines: 'a\nb\tc', empty: '' },
}

function documentCases(open: OpenStore): void {
  describe('documents', () => {
    it('reads null for an absent key', async () => {
      const store = await open()
      expect(await store.get(docKey)).toBeNull()
    })

    it('starts versions at 1, grows them by one per put and round-trips the JSON value', async () => {
      const store = await open()
      expect(await store.put(docKey, richValue)).toBe(1)
      expect(await store.get(docKey)).toEqual({ value: richValue, version: 1 })
      expect(await store.put(docKey, { step: 2 })).toBe(2)
      expect(await store.get(docKey)).toEqual({ value: { step: 2 }, version: 2 })
    })

    it('compareAndSet with 0 creates only a key that does not exist', async () => {
      const store = await open()
      expect(await store.compareAndSet(docKey, { n: 1 }, 0)).toBe(1)
      expect(await store.compareAndSet(docKey, { n: 2 }, 0)).toBeNull()
      expect(await store.get(docKey)).toEqual({ value: { n: 1 }, version: 1 })
    })

    it('compareAndSet writes on the expected version and refuses any other without writing', async () => {
      const store = await open()
      await store.put(docKey, { n: 1 })
      expect(await store.compareAndSet(docKey, { n: 9 }, 2)).toBeNull()
      expect(await store.compareAndSet(docKey, { n: 2 }, 1)).toBe(2)
      expect(await store.compareAndSet(docKey, { n: 3 }, 1)).toBeNull()
      expect(await store.get(docKey)).toEqual({ value: { n: 2 }, version: 2 })
      expect(await store.compareAndSet(tenantKey('contract', 'absent'), { n: 1 }, 1)).toBeNull()
      expect(await store.get(tenantKey('contract', 'absent'))).toBeNull()
    })

    it('deletes a document, reports whether it existed, and restarts versions at 1 afterwards', async () => {
      const store = await open()
      await store.put(docKey, { n: 1 })
      await store.put(docKey, { n: 2 })
      expect(await store.delete(docKey)).toBe(true)
      expect(await store.get(docKey)).toBeNull()
      expect(await store.delete(docKey)).toBe(false)
      expect(await store.compareAndSet(docKey, { n: 3 }, 0)).toBe(1)
    })

    it('getMany reads many documents in the order asked, null for absent and put-if-absent keys', async () => {
      const store = await open()
      const keys = Array.from({ length: 300 }, (_, i) => tenantKey('contract', 'many', String(i)))
      for (const [i, key] of keys.entries()) if (i % 3 !== 1) await store.put(key, { i, richValue })
      await store.put(keys[0]!, { i: 0, again: true })
      await store.putIfAbsent(keys[1]!, { temp: true }, 60_000)
      const read = await store.getMany<{ i: number }>([...keys].reverse())
      expect(read).toEqual(
        [...keys].reverse().map((key) => {
          const i = keys.indexOf(key)
          if (i % 3 === 1) return null
          return i === 0 ? { value: { i: 0, again: true }, version: 2 } : { value: { i, richValue }, version: 1 }
        }),
      )
      expect(await store.getMany([])).toEqual([])
      expect(await store.getMany([keys[2]!, keys[2]!])).toEqual([await store.get(keys[2]!), await store.get(keys[2]!)])
      const tooMany = Array.from({ length: 1001 }, (_, i) => tenantKey('contract', 'many', String(i)))
      await expect(store.getMany(tooMany)).rejects.toMatchObject({ code: 'TOO_MANY_KEYS' })
    })

    it('keeps documents under different keys apart', async () => {
      const store = await open()
      await store.put(tenantKey('contract', 'a'), 'a')
      await store.put(globalKey('contract', 'a'), 'g')
      expect(await store.get(tenantKey('contract', 'a'))).toEqual({ value: 'a', version: 1 })
      expect(await store.get(globalKey('contract', 'a'))).toEqual({ value: 'g', version: 1 })
    })
  })
}

function tempCases(open: OpenStore): void {
  const key = globalKey('contract', 'update_id', '1001')
  describe('put-if-absent keys', () => {
    it('lets only the first putIfAbsent write while the key lives, and getTemp reads it', async () => {
      const store = await open()
      expect(await store.getTemp(key)).toBeNull()
      expect(await store.putIfAbsent(key, { by: 'first' }, liveTtl)).toBe(true)
      expect(await store.putIfAbsent(key, { by: 'second' }, liveTtl)).toBe(false)
      expect(await store.getTemp(key)).toEqual({ by: 'first' })
    })
  })
}

function tempExpiryCases(open: OpenStore): void {
  const key = globalKey('contract', 'update_id', '1001')
  describe('put-if-absent keys: expiry', () => {
    it('treats a key whose TTL has passed as absent: getTemp is null and putIfAbsent wins again', async () => {
      const store = await open()
      expect(await store.putIfAbsent(key, 'old', shortTtl)).toBe(true)
      await sleep(afterShortTtl)
      expect(await store.getTemp(key)).toBeNull()
      expect(await store.putIfAbsent(key, 'new', liveTtl)).toBe(true)
      expect(await store.getTemp(key)).toBe('new')
    })

    it('takeTemp returns the value once and removes it; null when absent or expired', async () => {
      const store = await open()
      await store.putIfAbsent(key, { code: 'A1B2' }, liveTtl)
      expect(await store.takeTemp(key)).toEqual({ code: 'A1B2' })
      expect(await store.takeTemp(key)).toBeNull()
      expect(await store.getTemp(key)).toBeNull()
      expect(await store.putIfAbsent(key, 'again', liveTtl)).toBe(true)
      const expiring = globalKey('contract', 'link-code')
      await store.putIfAbsent(expiring, 'soon gone', shortTtl)
      await sleep(afterShortTtl)
      expect(await store.takeTemp(expiring)).toBeNull()
    })

    it('delete removes a put-if-absent key so it can be written again', async () => {
      const store = await open()
      await store.putIfAbsent(key, 1, liveTtl)
      expect(await store.delete(key)).toBe(true)
      expect(await store.getTemp(key)).toBeNull()
      expect(await store.putIfAbsent(key, 2, liveTtl)).toBe(true)
      expect(await store.getTemp(key)).toBe(2)
    })
  })
}

/** Reads a whole index page by page (with the given filters and page size). */
async function readAll(store: Store, index: string, options: Omit<IndexPageOptions, 'cursor'>) {
  const entries: IndexEntry[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = await store.indexPage(index, { ...options, cursor })
    entries.push(...page.entries)
    if (page.cursor === undefined) return entries
    expect(page.entries.length).toBe(options.limit)
    cursor = page.cursor
  }
  throw new Error('indexPage did not end')
}

const members = (entries: IndexEntry[]) => entries.map((entry) => entry.member)

/** Few members and scores (quarters from -5 to 5), so ties, moves and removes of present members are common. */
const indexScore = fc.integer({ min: -20, max: 20 }).map((n) => n / 4 + 0)
const indexOps = fc.array(
  fc.record({
    member: fc.constantFrom('a', 'b', 'B', 'ab', 'a b', 'é', '😀', 'p:m1:approval:1', 'zz', '0'),
    score: fc.option(indexScore, { freq: 4 }),
  }),
  { maxLength: 24 },
)
const pageQuery = fc.record(
  {
    limit: fc.integer({ min: 1, max: 6 }),
    reverse: fc.boolean(),
    min: indexScore.map((n) => n - 1.5),
    max: indexScore.map((n) => n + 1.5),
  },
  { requiredKeys: ['limit', 'reverse'] },
)

/** The entries a correct index returns for `query`: by score, then member in UTF-8 byte order. */
function modelPage(model: Map<string, number>, query: Omit<IndexPageOptions, 'cursor'>): IndexEntry[] {
  const { min = -Infinity, max = Infinity } = query
  const entries = [...model]
    .map(([member, score]) => ({ member, score }))
    .filter((entry) => entry.score >= min && entry.score <= max)
    .sort((x, y) => x.score - y.score || Buffer.compare(Buffer.from(x.member), Buffer.from(y.member)))
  return query.reverse ? entries.reverse() : entries
}

function indexCases(open: OpenStore): void {
  const index = tenantKey('contract', 'approvals', 'by-due')
  describe('ordered indexes', () => {
    it('orders by score then member, moves a member on re-add, counts and removes members', async () => {
      const store = await open()
      await store.indexAdd(index, 'm1', 5)
      await store.indexAdd(index, 'm2', 3)
      await store.indexAdd(index, 'b', 3)
      await store.indexAdd(index, 'm3', -1.5)
      await store.indexAdd(index, 'm4', 1_764_000_000_000.25)
      expect((await store.indexPage(index, { limit: 10 })).entries).toEqual([
        { member: 'm3', score: -1.5 },
        { member: 'b', score: 3 },
        { member: 'm2', score: 3 },
        { member: 'm1', score: 5 },
        { member: 'm4', score: 1_764_000_000_000.25 },
      ])
      await store.indexAdd(index, 'm1', 0)
      expect(members((await store.indexPage(index, { limit: 10 })).entries)).toEqual(['m3', 'm1', 'b', 'm2', 'm4'])
      expect(await store.indexSize(index)).toBe(5)
      await store.indexRemove(index, 'm2')
      await store.indexRemove(index, 'never-added')
      expect(await store.indexSize(index)).toBe(4)
      expect(members((await store.indexPage(index, { limit: 10 })).entries)).toEqual(['m3', 'm1', 'b', 'm4'])
    })

    it('reads an empty or unknown index as an empty last page of size 0', async () => {
      const store = await open()
      expect(await store.indexPage(index, { limit: 5 })).toEqual({ entries: [] })
      expect(await store.indexSize(index)).toBe(0)
    })
  })
}

function indexPagingCases(open: OpenStore): void {
  const index = tenantKey('contract', 'approvals', 'by-due')
  describe('ordered indexes: paging', () => {
    it('pages forwards and backwards with a cursor that is absent on the last page', async () => {
      const store = await open()
      for (let i = 0; i < 10; i += 1) await store.indexAdd(index, `m${i}`, Math.floor(i / 2))
      const first = await store.indexPage(index, { limit: 5 })
      expect(members(first.entries)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
      expect(first.cursor).toEqual(expect.any(String))
      const last = await store.indexPage(index, { limit: 5, cursor: first.cursor })
      expect(members(last.entries)).toEqual(['m5', 'm6', 'm7', 'm8', 'm9'])
      expect(last.cursor).toBeUndefined()
      const ascending = members(await readAll(store, index, { limit: 3 }))
      expect(ascending).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'])
      expect(members(await readAll(store, index, { limit: 3, reverse: true }))).toEqual([...ascending].reverse())
    })

    it('filters by inclusive min and max in both directions, across pages', async () => {
      const store = await open()
      for (let i = 0; i < 20; i += 1) await store.indexAdd(index, `m${String(i).padStart(2, '0')}`, i)
      const window = await readAll(store, index, { limit: 4, min: 5, max: 14 })
      expect(window.map((entry) => entry.score)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
      const reversed = await readAll(store, index, { limit: 4, min: 5, max: 14, reverse: true })
      expect(reversed.map((entry) => entry.score)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5])
      expect(members(await readAll(store, index, { limit: 7, max: 2 }))).toEqual(['m00', 'm01', 'm02'])
      expect(members(await readAll(store, index, { limit: 7, min: 18, reverse: true }))).toEqual(['m19', 'm18'])
    })

    it('orders equal scores by member in UTF-8 byte order, not UTF-16 order', async () => {
      const store = await open()
      for (const member of ['😀', '\uFFFD', 'é', 'z', 'Z']) await store.indexAdd(index, member, 1)
      const ascending = members((await store.indexPage(index, { limit: 10 })).entries)
      expect(ascending).toEqual(['Z', 'z', 'é', '\uFFFD', '😀'])
      expect(members(await readAll(store, index, { limit: 2, reverse: true }))).toEqual([...ascending].reverse())
    })

    it('pages exactly like a sorted model after any sequence of adds, moves and removes', async () => {
      const store = await open()
      let run = 0
      await fc.assert(
        fc.asyncProperty(indexOps, pageQuery, async (ops, query) => {
          const name = tenantKey('contract', 'model', String(run++))
          const model = new Map<string, number>()
          for (const op of ops) {
            if (op.score === null) await store.indexRemove(name, op.member)
            else await store.indexAdd(name, op.member, op.score)
            if (op.score === null) model.delete(op.member)
            else model.set(op.member, op.score)
          }
          expect(await store.indexSize(name)).toBe(model.size)
          expect(await readAll(store, name, query)).toEqual(modelPage(model, query))
        }),
        { numRuns: 12 },
      )
    })

    it('refuses a page size outside 1–1000 with a ValidationError', async () => {
      const store = await open()
      await expect(store.indexPage(index, { limit: 0 })).rejects.toBeInstanceOf(ValidationError)
      await expect(store.indexPage(index, { limit: 1001 })).rejects.toBeInstanceOf(ValidationError)
    })
  })
}

const claimNow = 1_764_000_000_000

/** Claims everything due at `now` (in pages of 100) and returns it. */
async function claimAll<T>(store: Store, queue: string, now: number, leaseMs = liveTtl) {
  const items: QueueItem<T>[] = []
  for (;;) {
    const batch = await store.claim<T>(queue, { now, leaseMs, limit: 100 })
    if (batch.length === 0) return items
    items.push(...batch)
  }
}

function queueCases(open: OpenStore): void {
  const queue = globalKey('contract', 'outbox')
  describe('due-time queue', () => {
    it('claims due items oldest first (ties by id), up to the limit, never items not yet due', async () => {
      const store = await open()
      await store.enqueue(queue, { id: 'c', payload: { n: 3 }, dueAt: claimNow - 100 })
      await store.enqueue(queue, { id: 'b', payload: { n: 2 }, dueAt: claimNow - 300 })
      await store.enqueue(queue, { id: 'a', payload: { n: 1 }, dueAt: claimNow - 300 })
      await store.enqueue(queue, { id: 'later', payload: { n: 4 }, dueAt: claimNow + 1 })
      expect(await store.queueSize(queue)).toBe(4)
      const first = await store.claim<{ n: number }>(queue, { now: claimNow, leaseMs: 1000, limit: 2 })
      expect(first.map(({ id, payload, dueAt, attempts }) => ({ id, payload, dueAt, attempts }))).toEqual([
        { id: 'a', payload: { n: 1 }, dueAt: claimNow - 300, attempts: 1 },
        { id: 'b', payload: { n: 2 }, dueAt: claimNow - 300, attempts: 1 },
      ])
      expect(first[0]?.claimToken).not.toBe(first[1]?.claimToken)
      const second = await store.claim(queue, { now: claimNow, leaseMs: 1000, limit: 10 })
      expect(second.map((item) => item.id)).toEqual(['c'])
      expect(await store.claim(queue, { now: claimNow, leaseMs: 1000, limit: 10 })).toEqual([])
      expect(await store.queueSize(queue)).toBe(4)
    })

    it('ack removes a claimed item once; a wrong token does nothing', async () => {
      const store = await open()
      await store.enqueue(queue, { id: 'x', payload: 'p', dueAt: claimNow })
      const [item] = await store.claim(queue, { now: claimNow, leaseMs: 1000, limit: 1 })
      expect(await store.ack(queue, 'x', 'not-the-token')).toBe(false)
      expect(await store.ack(queue, 'x', item!.claimToken)).toBe(true)
      expect(await store.ack(queue, 'x', item!.claimToken)).toBe(false)
      expect(await store.queueSize(queue)).toBe(0)
      expect(await store.claim(queue, { now: claimNow + 10_000, leaseMs: 1000, limit: 1 })).toEqual([])
    })
  })
}

function queueRedeliveryCases(open: OpenStore): void {
  const queue = globalKey('contract', 'outbox')
  describe('due-time queue: re-delivery, retry, replace', () => {
    it('re-delivers an item whose lease expired with attempts + 1; the stale token can no longer ack', async () => {
      const store = await open()
      await store.enqueue(queue, { id: 'x', payload: { to: 'telegram' }, dueAt: claimNow })
      const [first] = await store.claim(queue, { now: claimNow, leaseMs: 500, limit: 5 })
      expect(first).toMatchObject({ id: 'x', attempts: 1, dueAt: claimNow })
      expect(await store.claim(queue, { now: claimNow + 499, leaseMs: 500, limit: 5 })).toEqual([])
      const [second] = await store.claim(queue, { now: claimNow + 500, leaseMs: 500, limit: 5 })
      expect(second).toMatchObject({ id: 'x', payload: { to: 'telegram' }, attempts: 2, dueAt: claimNow + 500 })
      expect(second!.claimToken).not.toBe(first!.claimToken)
      expect(await store.ack(queue, 'x', first!.claimToken)).toBe(false)
      expect(await store.retryAt(queue, 'x', first!.claimToken, claimNow)).toBe(false)
      expect(await store.queueSize(queue)).toBe(1)
      expect(await store.ack(queue, 'x', second!.claimToken)).toBe(true)
      expect(await store.queueSize(queue)).toBe(0)
    })

    it('retryAt ends the claim and makes the item due again at the given time', async () => {
      const store = await open()
      await store.enqueue(queue, { id: 'x', payload: 1, dueAt: claimNow })
      const [first] = await store.claim(queue, { now: claimNow, leaseMs: 60_000, limit: 1 })
      expect(await store.retryAt(queue, 'x', first!.claimToken, claimNow + 5000)).toBe(true)
      expect(await store.ack(queue, 'x', first!.claimToken)).toBe(false)
      expect(await store.claim(queue, { now: claimNow + 4999, leaseMs: 60_000, limit: 1 })).toEqual([])
      const [second] = await store.claim(queue, { now: claimNow + 5000, leaseMs: 60_000, limit: 1 })
      expect(second).toMatchObject({ id: 'x', payload: 1, attempts: 2, dueAt: claimNow + 5000 })
      expect(await store.retryAt(queue, 'x', 'stale', claimNow)).toBe(false)
      expect(await store.ack(queue, 'x', second!.claimToken)).toBe(true)
    })

    it('extendClaim keeps a claim alive until the new lease end, with the same token; a stale token does nothing', async () => {
      const store = await open()
      await store.enqueue(queue, { id: 'x', payload: 1, dueAt: claimNow })
      const [claimed] = await store.claim(queue, { now: claimNow, leaseMs: 1000, limit: 1 })
      expect(await store.extendClaim(queue, 'x', claimed!.claimToken, claimNow + 5000)).toBe(true)
      expect(await store.claim(queue, { now: claimNow + 4999, leaseMs: 1000, limit: 1 })).toEqual([])
      expect(await store.extendClaim(queue, 'x', 'stale', claimNow + 60_000)).toBe(false)
      const [again] = await store.claim(queue, { now: claimNow + 5000, leaseMs: 1000, limit: 1 })
      expect(again).toMatchObject({ id: 'x', attempts: 2 })
      expect(await store.extendClaim(queue, 'x', claimed!.claimToken, claimNow + 60_000)).toBe(false)
      expect(await store.ack(queue, 'x', again!.claimToken)).toBe(true)
    })

    it('replaces an item enqueued again under the same id: new payload and dueAt, attempts and claim reset', async () => {
      const store = await open()
      await store.enqueue(queue, { id: 'x', payload: 'old', dueAt: claimNow })
      const [claimed] = await store.claim(queue, { now: claimNow, leaseMs: 60_000, limit: 1 })
      await store.enqueue(queue, { id: 'x', payload: 'new', dueAt: claimNow + 100 })
      expect(await store.queueSize(queue)).toBe(1)
      expect(await store.ack(queue, 'x', claimed!.claimToken)).toBe(false)
      expect(await store.claim(queue, { now: claimNow + 99, leaseMs: 1000, limit: 5 })).toEqual([])
      const [fresh] = await store.claim(queue, { now: claimNow + 100, leaseMs: 1000, limit: 5 })
      expect(fresh).toMatchObject({ id: 'x', payload: 'new', attempts: 1, dueAt: claimNow + 100 })
    })

    it('keeps queues apart', async () => {
      const store = await open()
      const other = globalKey('contract', 'reminders')
      await store.enqueue(queue, { id: 'x', payload: 'outbox', dueAt: claimNow })
      await store.enqueue(other, { id: 'x', payload: 'reminder', dueAt: claimNow })
      const [item] = await store.claim(other, { now: claimNow, leaseMs: 1000, limit: 5 })
      expect(item).toMatchObject({ id: 'x', payload: 'reminder' })
      expect(await store.queueSize(queue)).toBe(1)
      expect((await claimAll(store, queue, claimNow)).map((claimed) => claimed.payload)).toEqual(['outbox'])
    })
  })
}

function leaseCases(open: OpenStore): void {
  const lease = tenantKey('contract', 'lease', 'oauth-refresh')
  describe('leases', () => {
    it('is held by one holder while it lives; the same holder may re-take it', async () => {
      const store = await open()
      expect(await store.acquireLease(lease, 'worker-1', liveTtl)).toBe(true)
      expect(await store.acquireLease(lease, 'worker-2', liveTtl)).toBe(false)
      expect(await store.acquireLease(lease, 'worker-1', liveTtl)).toBe(true)
      expect(await store.acquireLease(lease, 'worker-2', liveTtl)).toBe(false)
    })

    it('is reclaimable by another holder once expired', async () => {
      const store = await open()
      expect(await store.acquireLease(lease, 'worker-1', shortTtl)).toBe(true)
      await sleep(afterShortTtl)
      expect(await store.acquireLease(lease, 'worker-2', liveTtl)).toBe(true)
      expect(await store.acquireLease(lease, 'worker-1', liveTtl)).toBe(false)
    })

    it('renews the TTL when the holder re-takes it', async () => {
      const store = await open()
      expect(await store.acquireLease(lease, 'worker-1', shortTtl)).toBe(true)
      expect(await store.acquireLease(lease, 'worker-1', liveTtl)).toBe(true)
      await sleep(afterShortTtl)
      expect(await store.acquireLease(lease, 'worker-2', liveTtl)).toBe(false)
    })

    it('is released only by its holder', async () => {
      const store = await open()
      await store.acquireLease(lease, 'worker-1', liveTtl)
      expect(await store.releaseLease(lease, 'worker-2')).toBe(false)
      expect(await store.acquireLease(lease, 'worker-2', liveTtl)).toBe(false)
      expect(await store.releaseLease(lease, 'worker-1')).toBe(true)
      expect(await store.releaseLease(lease, 'worker-1')).toBe(false)
      expect(await store.acquireLease(lease, 'worker-2', liveTtl)).toBe(true)
    })
  })
}

function counterCases(open: OpenStore): void {
  const counter = tenantKey('contract', 'rate', 'user-7')
  describe('counters', () => {
    it('reads 0 when absent and adds 1 or `by`', async () => {
      const store = await open()
      expect(await store.counter(counter)).toBe(0)
      expect(await store.increment(counter)).toBe(1)
      expect(await store.increment(counter, 5)).toBe(6)
      expect(await store.increment(counter, -2)).toBe(4)
      expect(await store.counter(counter)).toBe(4)
    })

    it('expires a windowed counter ttlMs after it was created, then starts a new window', async () => {
      const store = await open()
      expect(await store.increment(counter, 1, shortTtl)).toBe(1)
      expect(await store.increment(counter, 1, shortTtl)).toBe(2)
      await sleep(afterShortTtl)
      expect(await store.counter(counter)).toBe(0)
      expect(await store.increment(counter, 1, liveTtl)).toBe(1)
      expect(await store.counter(counter)).toBe(1)
    })

    it('does not slide the window on later increments (fixed window)', async () => {
      // Wide margins: the second increment lands well inside the 400 ms window even on a loaded machine, and the
      // read at ~450 ms sees an expired counter, which a sliding window (expiring at ~550 ms) would not.
      const store = await open()
      await store.increment(counter, 1, 400)
      await sleep(150)
      expect(await store.increment(counter, 1, 400)).toBe(2)
      await sleep(300)
      expect(await store.counter(counter)).toBe(0)
    })
  })

  describe('health', () => {
    it('answers ping and names its kind', async () => {
      const store = await open()
      expect(await store.ping()).toBe(true)
      expect(['sqlite', 'redis', 'kv']).toContain(store.kind)
    })
  })
}

/** Runs `count` calls of `task` at once and returns their results. */
const parallel = <T>(count: number, task: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: count }, (_, i) => task(i)))

/** Adds one to the document's `n` with a get + compareAndSet retry loop; returns how many tries it took. */
async function incrementWithCas(store: Store, key: string): Promise<number> {
  for (let tries = 1; tries <= 1000; tries += 1) {
    const current = await store.get<{ n: number }>(key)
    if (current === null) throw new Error('the counter document vanished')
    if ((await store.compareAndSet(key, { n: current.value.n + 1 }, current.version)) !== null) return tries
  }
  throw new Error('compareAndSet never succeeded')
}

/** One claim worker: claims in small batches until nothing is due, acking every item. */
async function drainQueue(store: Store, queue: string, claimedIds: string[]): Promise<void> {
  for (;;) {
    const batch = await store.claim(queue, { now: claimNow, leaseMs: liveTtl, limit: 7 })
    if (batch.length === 0) return
    for (const item of batch) {
      claimedIds.push(item.id)
      if (!(await store.ack(queue, item.id, item.claimToken))) throw new Error(`ack failed for ${item.id}`)
    }
  }
}

function concurrencyCases(open: OpenStore): void {
  describe('concurrency', () => {
    it('100 parallel putIfAbsent on one key: exactly one wins', async () => {
      const store = await open()
      const key = globalKey('contract', 'update_id', '77')
      const results = await parallel(100, (i) => store.putIfAbsent(key, { i }, liveTtl))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await store.getTemp(key)).toEqual({ i: results.indexOf(true) })
    })

    it('50 parallel takeTemp of one key: exactly one gets the value', async () => {
      const store = await open()
      const key = globalKey('contract', 'link-code', 'XY12')
      await store.putIfAbsent(key, 'portal-1', liveTtl)
      const results = await parallel(50, () => store.takeTemp<string>(key))
      expect(results.filter((value) => value !== null)).toEqual(['portal-1'])
    })

    it('50 parallel read-modify-write increments through compareAndSet: final value 50', async () => {
      const store = await open()
      const key = tenantKey('contract', 'stats')
      await store.put(key, { n: 0 })
      await parallel(50, () => incrementWithCas(store, key))
      expect(await store.get(key)).toEqual({ value: { n: 50 }, version: 51 })
    })

    it('100 parallel increments of one counter: final value 100', async () => {
      const store = await open()
      const key = tenantKey('contract', 'rate')
      await parallel(100, () => store.increment(key, 1, liveTtl))
      expect(await store.counter(key)).toBe(100)
    })

    it('50 parallel acquireLease by different holders: exactly one holds it', async () => {
      const store = await open()
      const results = await parallel(50, (i) => store.acquireLease(globalKey('contract', 'cron'), `h${i}`, liveTtl))
      expect(results.filter(Boolean)).toHaveLength(1)
    })
  })
}

function bulkConcurrencyCases(open: OpenStore): void {
  describe('concurrency: many items', () => {
    it('20 parallel workers claiming 1,000 due items: each claimed exactly once, none lost', async () => {
      const store = await open()
      const queue = globalKey('contract', 'outbox')
      const ids = Array.from({ length: 1000 }, (_, i) => `item-${String(i).padStart(4, '0')}`)
      for (let start = 0; start < ids.length; start += 100) {
        const chunk = ids.slice(start, start + 100)
        await Promise.all(chunk.map((id, i) => store.enqueue(queue, { id, payload: { id }, dueAt: claimNow - i })))
      }
      expect(await store.queueSize(queue)).toBe(1000)
      const claimedIds: string[] = []
      await parallel(20, () => drainQueue(store, queue, claimedIds))
      expect(claimedIds).toHaveLength(1000)
      expect([...claimedIds].sort()).toEqual(ids)
      expect(await store.queueSize(queue)).toBe(0)
    })

    it('index pagination visits every member once while members are added concurrently', async () => {
      const store = await open()
      const index = tenantKey('contract', 'approvals', 'by-created')
      const original = Array.from({ length: 300 }, (_, i) => `a${String(i).padStart(3, '0')}`)
      await parallel(300, (i) => store.indexAdd(index, original[i]!, (i * 7919) % 1000))
      for (const reverse of [false, true]) {
        const seen: string[] = []
        let cursor: string | undefined
        let added = 0
        do {
          const [page] = await Promise.all([
            store.indexPage(index, { limit: 23, cursor, reverse }),
            parallel(10, () => store.indexAdd(index, `new-${reverse}-${added++}`, Math.floor(Math.random() * 1000))),
          ])
          seen.push(...members(page.entries))
          cursor = page.cursor
        } while (cursor !== undefined)
        expect(new Set(seen).size).toBe(seen.length)
        expect(original.filter((member) => !seen.includes(member))).toEqual([])
      }
    })
  })
}

/** Everything of the portal `memberId` (plus its items in the shared queue), read without changing it. */
async function readPortal(store: Store, memberId: string) {
  const key = (...parts: string[]) => tenantKey(memberId, ...parts)
  return {
    docs: [await store.get(key('approval', '1')), await store.get(key('settings'))],
    temp: await store.getTemp(key('link-code')),
    index: await readAll(store, key('approvals', 'by-status'), { limit: 2 }),
    indexSize: await store.indexSize(key('approvals', 'by-status')),
    queueSize: await store.queueSize(key('reminders')),
    isLeaseHeld: !(await store.acquireLease(key('lease'), 'someone-else', liveTtl)),
    counter: await store.counter(key('rate')),
  }
}

/** Writes one of everything for the portal `memberId`; returns the token of a claimed shared-queue item. */
async function seedPortal(store: Store, memberId: string, sharedQueue: string): Promise<string> {
  const key = (...parts: string[]) => tenantKey(memberId, ...parts)
  await store.put(key('approval', '1'), { memberId, status: 'pending' })
  await store.put(key('approval', '1'), { memberId, status: 'approved' })
  await store.put(key('settings'), { memberId, bot: 'on' })
  await store.putIfAbsent(key('link-code'), { memberId }, liveTtl)
  for (let i = 0; i < 5; i += 1) await store.indexAdd(key('approvals', 'by-status'), `${memberId}-${i}`, i)
  await store.enqueue(key('reminders'), { id: 'r1', payload: { memberId }, dueAt: claimNow })
  await store.acquireLease(key('lease'), 'holder', liveTtl)
  await store.increment(key('rate'), 3, liveTtl)
  await store.increment(key('stats'), 7)
  await store.enqueue(sharedQueue, { id: key('outbox', '1'), payload: { memberId }, dueAt: claimNow })
  await store.enqueue(sharedQueue, { id: key('outbox', '2'), payload: { memberId, n: 2 }, dueAt: claimNow + 1 })
  const [claimed] = await store.claim(sharedQueue, { now: claimNow, leaseMs: liveTtl, limit: 1 })
  return claimed!.claimToken
}

function purgeCases(open: OpenStore): void {
  const sharedQueue = globalKey('contract', 'outbox')
  describe('purge of one portal', () => {
    it("removes everything of portal A and leaves portal B's data byte-identical", async () => {
      const store = await open()
      // `portal` is a prefix of `portal2`: purging one must not touch the other's keys.
      const [a, b] = ['portal', 'portal2']
      await seedPortal(store, a, sharedQueue)
      const tokenB = await seedPortal(store, b, sharedQueue)
      await store.put(globalKey('bot'), { username: 'approvals_bot' })
      const before = JSON.stringify(await readPortal(store, b))
      await store.purgePortal(a)
      expect(JSON.stringify(await readPortal(store, b))).toBe(before)
      expect(await store.get(globalKey('bot'))).toEqual({ value: { username: 'approvals_bot' }, version: 1 })
      expect(await readPortal(store, a)).toEqual({
        ...{ docs: [null, null], temp: null, index: [], indexSize: 0, queueSize: 0 },
        ...{ isLeaseHeld: false, counter: 0 },
      })
      expect(await store.counter(tenantKey(a, 'stats'))).toBe(0)
      expect(await store.counter(tenantKey(b, 'stats'))).toBe(7)
      expect(await store.queueSize(sharedQueue)).toBe(2)
      expect(await store.ack(sharedQueue, tenantKey(b, 'outbox', '1'), tokenB)).toBe(true)
      const rest = await claimAll(store, sharedQueue, claimNow + 1)
      expect(rest.map(({ id, payload, attempts }) => ({ id, payload, attempts }))).toEqual([
        { id: tenantKey(b, 'outbox', '2'), payload: { memberId: b, n: 2 }, attempts: 1 },
      ])
    })

    it('purging a portal without data changes nothing', async () => {
      const store = await open()
      await seedPortal(store, 'other', sharedQueue)
      const before = JSON.stringify(await readPortal(store, 'other'))
      await store.purgePortal('nobody')
      expect(JSON.stringify(await readPortal(store, 'other'))).toBe(before)
    })
  })
}
