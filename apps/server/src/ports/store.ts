/**
 * @module The Store port: the storage behaviour the domain and services rely on (architecture §6).
 *
 * Three adapters implement it with identical behaviour (`adapters/store/{sqlite,redis,kv}`); the executable copy
 * of this text is the contract suite `ports/store.contract.ts`, which every adapter runs.
 *
 * Keys are plain strings made with {@link tenantKey} (portal data) or {@link globalKey} (data of no portal).
 * Every key that belongs to a portal contains its `member_id`, so {@link Store.purgePortal} can remove all of it.
 * Index, queue, lease and counter names are keys too and follow the same rule.
 */
import { ValidationError } from './errors.ts'

/** A stored document with its version. Versions start at 1 and grow by one with every write. */
export interface Versioned<T> {
  value: T
  version: number
}

/** One member of an ordered index. Members are ordered by `score`, then by `member` (byte order). */
export interface IndexEntry {
  member: string
  score: number
}

/** Options for reading one page of an ordered index. */
export interface IndexPageOptions {
  /** Page size, 1–1000; anything else is refused with a `ValidationError`. */
  limit: number
  /** The `cursor` of the previous page; omitted for the first page. */
  cursor?: string
  /** Highest score first when true. */
  reverse?: boolean
  /** Only members with `score >= min` (inclusive; applies in both directions). */
  min?: number
  /** Only members with `score <= max` (inclusive; applies in both directions). */
  max?: number
}

/** One page of an ordered index; `cursor` is absent on the last page. */
export interface IndexPage {
  entries: IndexEntry[]
  cursor?: string
}

/** An item of a due-time queue, as handed to the worker that claimed it. */
export interface QueueItem<T = unknown> {
  /** Unique within the queue; enqueueing an id that is already queued keeps one item. */
  id: string
  payload: T
  /**
   * Milliseconds since the epoch at which the item became due: the enqueued (or `retryAt`) time, or for an item
   * re-delivered after its lease expired, the moment that lease expired (`now + leaseMs` of the previous claim).
   */
  dueAt: number
  /** How many times the item has been claimed, this claim included. */
  attempts: number
  /** Proof of this claim; `ack`/`retryAt` with a stale token do nothing and return false. */
  claimToken: string
}

/**
 * The storage port.
 *
 * Guarantees, for every adapter and any number of concurrent callers in any number of processes:
 * - `compareAndSet` is atomic: of concurrent writers holding the same version exactly one succeeds (no lost update);
 * - `putIfAbsent` is atomic: of concurrent callers exactly one wins while the key lives;
 * - `claim` hands each due item to exactly one worker until its lease expires;
 * - `acquireLease` is held by at most one holder until it expires or is released;
 * - TTLs are in milliseconds and measured by the adapter's own clock (the store server's for Redis/KV).
 */
export interface Store {
  /** Which adapter this is (`sqlite`, `redis`, `kv`), reported by `/api/health`. */
  readonly kind: 'sqlite' | 'redis' | 'kv'

  /** Reads a document; `null` when absent. */
  get<T>(key: string): Promise<Versioned<T> | null>
  /**
   * Reads many documents in one round trip (at most 1000 keys): the results in the order of `keys`, `null` for an
   * absent key (a put-if-absent value counts as absent, as for `get`). Each document is read whole, but the set
   * is not one snapshot: a write may land between two of them.
   * @throws ValidationError `TOO_MANY_KEYS` for more than 1000 keys.
   */
  getMany<T>(keys: readonly string[]): Promise<Array<Versioned<T> | null>>
  /** Writes a document unconditionally and returns its new version. */
  put<T>(key: string, value: T): Promise<number>
  /**
   * Writes `value` only when the stored version equals `expectedVersion` (`0` = the key must not exist).
   * Returns the new version, or `null` when the stored version differs (nothing is written).
   */
  compareAndSet<T>(key: string, value: T, expectedVersion: number): Promise<number | null>
  /** Deletes a document (or a put-if-absent key); true when something was deleted. */
  delete(key: string): Promise<boolean>

  /**
   * Stores `value` under `key` only if the key is absent (or its TTL has passed). True for the one caller that
   * wrote it. Used for dedupe of `update_id` / event ids and for one-time codes.
   */
  putIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean>
  /** Reads a put-if-absent value while it lives; `null` after its TTL. */
  getTemp<T>(key: string): Promise<T | null>
  /** Reads and removes a put-if-absent value atomically: of concurrent takers exactly one gets it. */
  takeTemp<T>(key: string): Promise<T | null>

  /** Adds `member` to the ordered index `index` with `score`, or moves it to the new score. */
  indexAdd(index: string, member: string, score: number): Promise<void>
  /** Removes `member` from `index`. */
  indexRemove(index: string, member: string): Promise<void>
  /**
   * Reads one page of `index`. Paging with the returned cursor visits every member that stayed in the index
   * exactly once, even while members are added concurrently (new members may or may not appear).
   */
  indexPage(index: string, options: IndexPageOptions): Promise<IndexPage>
  /** Number of members in `index`. */
  indexSize(index: string): Promise<number>

  /**
   * Puts an item into the due-time queue `queue`. An existing item with the same id is replaced: its payload and
   * `dueAt` are overwritten, `attempts` restarts at 0 and a running claim ends (its token becomes stale).
   */
  enqueue<T>(queue: string, item: { id: string; payload: T; dueAt: number }): Promise<void>
  /**
   * Claims up to `limit` items whose `dueAt <= now`, oldest first (ties by id), each for `leaseMs`. A claimed item
   * is hidden from other claimers until its lease expires at `now + leaseMs` (compared with the `now` of later
   * claims); then it is due again and re-delivered with `attempts` + 1 and a new `claimToken`, and the old token
   * is stale.
   */
  claim<T>(queue: string, options: { now: number; leaseMs: number; limit: number }): Promise<QueueItem<T>[]>
  /** Removes a claimed item (done). False when the claim token is stale (re-claimed, retried, replaced, gone). */
  ack(queue: string, id: string, claimToken: string): Promise<boolean>
  /**
   * Ends a claim and makes the item due again at `dueAt` (retry with backoff); the token becomes stale.
   * False (and nothing changes) when the token is already stale.
   */
  retryAt(queue: string, id: string, claimToken: string, dueAt: number): Promise<boolean>
  /**
   * Keeps a claim alive: the item stays hidden until `leaseUntil` (compared with the `now` of later claims) and
   * the token stays valid. For work that may outlast its lease, renewed while it runs, so a short lease can
   * bound how long a crashed worker's item waits. False (and nothing changes) when the token is already stale.
   */
  extendClaim(queue: string, id: string, claimToken: string, leaseUntil: number): Promise<boolean>
  /** Number of items in `queue`, claimed or not. */
  queueSize(queue: string): Promise<number>

  /**
   * Takes the lease `name` for `holder` for `ttlMs`. True when taken, or re-taken by the same holder (which renews
   * the TTL); false while another holder's lease lives.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>
  /** Releases the lease if `holder` still holds it; true when released, false otherwise (nothing changes). */
  releaseLease(name: string, holder: string): Promise<boolean>

  /**
   * Adds `by` to the counter `key` and returns the new value. With `ttlMs` the counter (re)starts a window that
   * expires `ttlMs` after its creation (fixed window, for rate limits).
   */
  increment(key: string, by?: number, ttlMs?: number): Promise<number>
  /** Reads a counter; 0 when absent or expired. */
  counter(key: string): Promise<number>

  /**
   * Removes every document, temp key, index, queue item, lease and counter of the portal `memberId`
   * (all keys made by {@link tenantKey} with that member_id, and queue items whose id was made by it).
   * Data of other portals is left byte-identical.
   */
  purgePortal(memberId: string): Promise<void>

  /** Checks that the store answers (for `/api/health`). */
  ping(): Promise<boolean>
  /** Closes connections and files. */
  close(): Promise<void>
}

/** The most keys one {@link Store.getMany} reads. */
export const maxKeysPerRead = 1000

/**
 * Checks the size of a {@link Store.getMany} key list (shared by the adapters).
 * @throws ValidationError `TOO_MANY_KEYS` beyond {@link maxKeysPerRead}.
 */
export function checkKeyCount(keys: readonly string[]): void {
  if (keys.length > maxKeysPerRead) {
    throw new ValidationError('TOO_MANY_KEYS', `One read takes at most ${maxKeysPerRead} keys`)
  }
}

const memberIdPattern = /^[A-Za-z0-9_.-]{1,64}$/

/**
 * Builds a key that belongs to the portal `memberId`: `p:<member_id>:<part>:<part>…`.
 * @throws Error when `memberId` is not a plausible Bitrix24 member_id (guards against key injection).
 */
export function tenantKey(memberId: string, ...parts: string[]): string {
  if (!memberIdPattern.test(memberId)) throw new Error('Invalid member_id for a store key')
  return ['p', memberId, ...parts].join(':')
}

/** Builds a key that belongs to no portal: `g:<part>:<part>…` (e.g. Telegram update_id dedupe, bot info). */
export function globalKey(...parts: string[]): string {
  return ['g', ...parts].join(':')
}

/** The prefix shared by every key of the portal `memberId` (see {@link tenantKey}). */
export function tenantPrefix(memberId: string): string {
  return tenantKey(memberId) + ':'
}
