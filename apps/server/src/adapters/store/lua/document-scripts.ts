/**
 * @module Lua scripts for documents, put-if-absent values, leases and counters (layout: `key-layout.ts`).
 *
 * TTLs are applied with `PEXPIRE`/`SET PX`, so they run on the Redis server's clock.
 */
import { defineScript } from './lua-script.ts'

/** KEYS[1] document → `[version, json]` (nil when absent). */
export const documentGet = defineScript('documentGet', `return redis.call('HMGET', KEYS[1], 'v', 'd')`)

/** KEYS documents → one `[version, json]` per key, `false` entries for absent ones (as {@link documentGet}). */
export const documentGetMany = defineScript(
  'documentGetMany',
  `local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HMGET', key, 'v', 'd') end
return out`,
)

/** KEYS[1] document, ARGV[1] JSON → the new version. Replaces a put-if-absent value stored under the key. */
export const documentPut = defineScript(
  'documentPut',
  `local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0') + 1
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', v, 'd', ARGV[1])
return v`,
)

/**
 * KEYS[1] document, ARGV[1] JSON, ARGV[2] expected version → the new version, or nil when the stored version
 * differs. A put-if-absent value under the key counts as "exists" (version -1), so it is never overwritten.
 */
export const documentCompareAndSet = defineScript(
  'documentCompareAndSet',
  `local v = redis.call('HGET', KEYS[1], 'v')
if v then v = tonumber(v) elseif redis.call('EXISTS', KEYS[1]) == 1 then v = -1 else v = 0 end
if v ~= tonumber(ARGV[2]) then return false end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', v + 1, 'd', ARGV[1])
return v + 1`,
)

/** KEYS[1] → 1 when a key was deleted, else 0. */
export const keyDelete = defineScript('keyDelete', `return redis.call('DEL', KEYS[1])`)

/** KEYS[1] document, ARGV[1] JSON, ARGV[2] TTL ms → 1 when written, 0 when the key exists. */
export const tempPut = defineScript(
  'tempPut',
  `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 't', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
)

/** KEYS[1] document → the put-if-absent JSON, or nil. */
export const tempGet = defineScript('tempGet', `return redis.call('HGET', KEYS[1], 't')`)

/** KEYS[1] document → the put-if-absent JSON, removed in the same step; nil when absent. */
export const tempTake = defineScript(
  'tempTake',
  `local t = redis.call('HGET', KEYS[1], 't')
if t then redis.call('DEL', KEYS[1]) end
return t`,
)

/** KEYS[1] lease, ARGV[1] holder, ARGV[2] TTL ms → 1 when taken or re-taken by the same holder, else 0. */
export const leaseAcquire = defineScript(
  'leaseAcquire',
  `local h = redis.call('GET', KEYS[1])
if h and h ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
)

/** KEYS[1] lease, ARGV[1] holder → 1 when released, 0 when someone else (or no one) holds it. */
export const leaseRelease = defineScript(
  'leaseRelease',
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`,
)

/**
 * KEYS[1] counter, ARGV[1] amount, ARGV[2] window ms or '' → the new value. A window starts when the counter
 * has no expiry yet (it was just created, or created without a window) and is not extended afterwards.
 */
export const counterIncrement = defineScript(
  'counterIncrement',
  `local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if ARGV[2] ~= '' and redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`,
)

/** KEYS[1] counter → its value as a string, or nil. */
export const counterGet = defineScript('counterGet', `return redis.call('GET', KEYS[1])`)
