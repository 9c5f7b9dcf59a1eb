/**
 * @module Lua scripts for due-time queues.
 *
 * A queue is a sorted set (KEYS[1], id by the time it is due) plus a hash of items (KEYS[2], id →
 * `attempts|claimToken|dueAt|payload`). A claim moves the item's score to the end of its lease, so it is due
 * again (re-delivered) exactly when the lease ends; due-ness is judged by the caller's `now`.
 * The payload is opaque JSON and never decoded in Lua (cjson would round numbers to 14 digits).
 */
import { defineScript } from './lua-script.ts'

const itemPattern = `'^(%d+)|([^|]*)|([^|]*)|(.*)$'`

/**
 * KEYS[1] schedule, KEYS[2] items, KEYS[3] queue registry; ARGV[1] queue name, [2] id, [3] dueAt, [4] payload.
 * Replaces an item with the same id (a claim on it becomes stale).
 */
export const queueEnqueue = defineScript(
  'queueEnqueue',
  `redis.call('HSET', KEYS[2], ARGV[2], '0||' .. ARGV[3] .. '|' .. ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[1])
return 1`,
)

/**
 * KEYS[1] schedule, KEYS[2] items; ARGV[1] now, [2] lease end, [3] limit, [4] token base.
 * Returns `[id, payload, dueAt, attempts, claimToken]` per claimed item, oldest first.
 */
export const queueClaim = defineScript(
  'queueClaim',
  `local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for i, id in ipairs(ids) do
  local raw = redis.call('HGET', KEYS[2], id)
  if raw then
    local attempts, _, due, payload = string.match(raw, ${itemPattern})
    attempts = tonumber(attempts) + 1
    local token = ARGV[4] .. '.' .. i
    redis.call('HSET', KEYS[2], id, attempts .. '|' .. token .. '|' .. ARGV[2] .. '|' .. payload)
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    out[#out + 1] = { id, payload, due, attempts, token }
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out`,
)

/** KEYS[1] schedule, KEYS[2] items; ARGV[1] id, [2] claim token → 1 when removed, 0 when the token is stale. */
export const queueAck = defineScript(
  'queueAck',
  `local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return 0 end
local _, token = string.match(raw, ${itemPattern})
if token == '' or token ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1`,
)

/**
 * KEYS[1] schedule, KEYS[2] items; ARGV[1] id, [2] claim token, [3] new dueAt → 1 when released, 0 when the
 * token is stale. The item keeps its attempts and loses its claim.
 */
export const queueRetryAt = defineScript(
  'queueRetryAt',
  `local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return 0 end
local attempts, token, _, payload = string.match(raw, ${itemPattern})
if token == '' or token ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], attempts .. '||' .. ARGV[3] .. '|' .. payload)
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1`,
)

/**
 * KEYS[1] schedule, KEYS[2] items; ARGV[1] id, [2] claim token, [3] lease end → 1 when extended, 0 when the
 * token is stale. The item keeps its attempts and its claim.
 */
export const queueExtendClaim = defineScript(
  'queueExtendClaim',
  `local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return 0 end
local attempts, token, _, payload = string.match(raw, ${itemPattern})
if token == '' or token ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], attempts .. '|' .. token .. '|' .. ARGV[3] .. '|' .. payload)
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1`,
)

/** KEYS[1] items → number of items, claimed or not. */
export const queueSize = defineScript('queueSize', `return redis.call('HLEN', KEYS[1])`)
