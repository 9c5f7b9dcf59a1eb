/**
 * @module The Store logic for Redis-protocol servers, written once as Lua scripts and shared by the Redis
 * (`RedisStore`) and Vercel KV (`KvStore`) adapters, which differ only in their {@link ScriptTransport}.
 */
import { randomBytes } from 'node:crypto'
import type { IndexPage, IndexPageOptions, QueueItem, Store, Versioned } from '../../../ports/store.ts'
import { checkKeyCount, tenantPrefix } from '../../../ports/store.ts'
import { UpstreamError, ValidationError } from '../../../ports/errors.ts'
import * as doc from './document-scripts.ts'
import * as idx from './index-scripts.ts'
import * as queue from './queue-scripts.ts'
import * as purge from './purge-scripts.ts'
import { decodeIndexCursor, encodeIndexCursor } from './index-cursor.ts'
import { createKeyLayout, type KeyLayout } from './key-layout.ts'
import { runScript, type LuaScript, type ScriptTransport } from './lua-script.ts'
import { parseJson, positiveMs, replyNumber, replyString, requireScore, toJson } from './lua-values.ts'

/** Options of {@link createLuaStore}. */
export interface LuaStoreOptions {
  kind: 'redis' | 'kv'
  transport: ScriptTransport
  /** Prepended to every Redis key; default `tac:`. */
  keyPrefix?: string
}

const purgeChunk = '500'

/**
 * Builds a Store whose every operation is one atomic Lua script (a portal purge is a loop of bounded atomic
 * steps). TTLs and leases run on the Redis server's clock; queue due-ness uses the caller's `now`.
 */
export function createLuaStore(options: LuaStoreOptions): Store {
  return new LuaStore(options.kind, options.transport, createKeyLayout(options.keyPrefix))
}

/** A document from an `HMGET v d` reply; `null` when absent (or only a put-if-absent value is stored). */
function documentOf<T>(reply: unknown): Versioned<T> | null {
  const [version, json] = Array.isArray(reply) ? reply : []
  if (version == null || json == null || version === false || json === false) return null
  return { value: parseJson<T>(replyString(json)), version: replyNumber(version) }
}

class LuaStore implements Store {
  constructor(
    readonly kind: 'redis' | 'kv',
    private readonly transport: ScriptTransport,
    private readonly keys: KeyLayout,
  ) {}

  private run(script: LuaScript, keys: string[], args: string[] = []): Promise<unknown> {
    return runScript(this.transport, script, keys, args)
  }

  async get<T>(key: string): Promise<Versioned<T> | null> {
    return documentOf<T>(await this.run(doc.documentGet, [this.keys.key('document', key)]))
  }

  async getMany<T>(keys: readonly string[]): Promise<Array<Versioned<T> | null>> {
    checkKeyCount(keys)
    if (keys.length === 0) return []
    const reply = await this.run(
      doc.documentGetMany,
      keys.map((key) => this.keys.key('document', key)),
    )
    return keys.map((_, i) => documentOf<T>(Array.isArray(reply) ? reply[i] : null))
  }

  async put<T>(key: string, value: T): Promise<number> {
    return replyNumber(await this.run(doc.documentPut, [this.keys.key('document', key)], [toJson(value)]))
  }

  async compareAndSet<T>(key: string, value: T, expectedVersion: number): Promise<number | null> {
    const args = [toJson(value), String(expectedVersion)]
    const reply = await this.run(doc.documentCompareAndSet, [this.keys.key('document', key)], args)
    return reply == null ? null : replyNumber(reply)
  }

  async delete(key: string): Promise<boolean> {
    return replyNumber(await this.run(doc.keyDelete, [this.keys.key('document', key)])) === 1
  }

  async putIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean> {
    const args = [toJson(value), positiveMs(ttlMs, 'ttlMs')]
    return replyNumber(await this.run(doc.tempPut, [this.keys.key('document', key)], args)) === 1
  }

  async getTemp<T>(key: string): Promise<T | null> {
    const reply = await this.run(doc.tempGet, [this.keys.key('document', key)])
    return reply == null ? null : parseJson<T>(replyString(reply))
  }

  async takeTemp<T>(key: string): Promise<T | null> {
    const reply = await this.run(doc.tempTake, [this.keys.key('document', key)])
    return reply == null ? null : parseJson<T>(replyString(reply))
  }

  async indexAdd(index: string, member: string, score: number): Promise<void> {
    await this.run(idx.indexAdd, [this.keys.key('index', index)], [requireScore(score), member])
  }

  async indexRemove(index: string, member: string): Promise<void> {
    await this.run(idx.indexRemove, [this.keys.key('index', index)], [member])
  }

  async indexPage(index: string, options: IndexPageOptions): Promise<IndexPage> {
    const { limit } = options
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new ValidationError('INVALID_PAGE_LIMIT', 'An index page limit must be an integer from 1 to 1000')
    }
    const cursor = options.cursor === undefined ? undefined : decodeIndexCursor(options.cursor)
    const args = [
      options.reverse ? '1' : '0',
      String(limit),
      options.min === undefined ? '' : requireScore(options.min),
      options.max === undefined ? '' : requireScore(options.max),
      cursor?.score ?? '',
      cursor?.member ?? '',
    ]
    const reply = await this.run(idx.indexPage, [this.keys.key('index', index)], args)
    const rows = Array.isArray(reply) ? reply.map(replyString) : []
    const entries: IndexPage['entries'] = []
    for (let i = 0; i + 1 < rows.length && entries.length < limit; i += 2) {
      entries.push({ member: rows[i] as string, score: Number(rows[i + 1]) })
    }
    if (rows.length / 2 <= limit) return { entries }
    const lastIndex = (limit - 1) * 2
    return { entries, cursor: encodeIndexCursor({ member: rows[lastIndex]!, score: rows[lastIndex + 1]! }) }
  }

  async indexSize(index: string): Promise<number> {
    return replyNumber(await this.run(idx.indexSize, [this.keys.key('index', index)]))
  }

  private queueKeys(name: string): string[] {
    return [this.keys.key('schedule', name), this.keys.key('items', name), this.keys.queueRegistry]
  }

  async enqueue<T>(name: string, item: { id: string; payload: T; dueAt: number }): Promise<void> {
    const args = [name, item.id, requireScore(item.dueAt), toJson(item.payload)]
    await this.run(queue.queueEnqueue, this.queueKeys(name), args)
  }

  async claim<T>(name: string, options: { now: number; leaseMs: number; limit: number }): Promise<QueueItem<T>[]> {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new ValidationError('INVALID_CLAIM_LIMIT', 'A claim limit must be a positive integer')
    }
    const leaseEnd = options.now + Number(positiveMs(options.leaseMs, 'leaseMs'))
    const tokenBase = randomBytes(12).toString('base64url')
    const args = [requireScore(options.now), requireScore(leaseEnd), String(options.limit), tokenBase]
    const reply = await this.run(queue.queueClaim, this.queueKeys(name).slice(0, 2), args)
    return (Array.isArray(reply) ? reply : []).map((row: unknown[]) => ({
      id: replyString(row[0]),
      payload: parseJson<T>(replyString(row[1])),
      dueAt: Number(replyString(row[2])),
      attempts: replyNumber(row[3]),
      claimToken: replyString(row[4]),
    }))
  }

  async ack(name: string, id: string, claimToken: string): Promise<boolean> {
    const reply = await this.run(queue.queueAck, this.queueKeys(name).slice(0, 2), [id, claimToken])
    return replyNumber(reply) === 1
  }

  async retryAt(name: string, id: string, claimToken: string, dueAt: number): Promise<boolean> {
    const args = [id, claimToken, requireScore(dueAt)]
    return replyNumber(await this.run(queue.queueRetryAt, this.queueKeys(name).slice(0, 2), args)) === 1
  }

  async extendClaim(name: string, id: string, claimToken: string, leaseUntil: number): Promise<boolean> {
    const args = [id, claimToken, requireScore(leaseUntil)]
    return replyNumber(await this.run(queue.queueExtendClaim, this.queueKeys(name).slice(0, 2), args)) === 1
  }

  async queueSize(name: string): Promise<number> {
    return replyNumber(await this.run(queue.queueSize, [this.keys.key('items', name)]))
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const args = [holder, positiveMs(ttlMs, 'ttlMs')]
    return replyNumber(await this.run(doc.leaseAcquire, [this.keys.key('lease', name)], args)) === 1
  }

  async releaseLease(name: string, holder: string): Promise<boolean> {
    return replyNumber(await this.run(doc.leaseRelease, [this.keys.key('lease', name)], [holder])) === 1
  }

  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    if (!Number.isSafeInteger(by)) throw new ValidationError('INVALID_INCREMENT', 'A counter grows by an integer')
    const window = ttlMs === undefined ? '' : positiveMs(ttlMs, 'ttlMs')
    return replyNumber(await this.run(doc.counterIncrement, [this.keys.key('counter', key)], [String(by), window]))
  }

  async counter(key: string): Promise<number> {
    const reply = await this.run(doc.counterGet, [this.keys.key('counter', key)])
    return reply == null ? 0 : Number(replyString(reply))
  }

  async purgePortal(memberId: string): Promise<void> {
    const prefix = tenantPrefix(memberId)
    await this.scanSteps(purge.purgeKeysStep, [], (cursor) => [cursor, this.keys.portalKeysPattern(prefix), purgeChunk])
    const names = await this.run(purge.queueNames, [this.keys.queueRegistry])
    for (const name of Array.isArray(names) ? names.map(replyString) : []) {
      await this.scanSteps(purge.purgeQueueStep, this.queueKeys(name), (cursor) => [
        cursor,
        this.keys.portalItemsPattern(prefix),
        purgeChunk,
        name,
      ])
    }
  }

  private async scanSteps(script: LuaScript, keys: string[], args: (cursor: string) => string[]): Promise<void> {
    let cursor = '0'
    do {
      cursor = replyString(await this.run(script, keys, args(cursor)))
    } while (cursor !== '0')
  }

  async ping(): Promise<boolean> {
    try {
      return await this.transport.ping()
    } catch (cause) {
      throw new UpstreamError('STORE_UNAVAILABLE', `The ${this.kind} store did not answer a ping`, { cause })
    }
  }

  async close(): Promise<void> {
    await this.transport.close()
  }
}
