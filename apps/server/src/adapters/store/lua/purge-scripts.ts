/**
 * @module Lua scripts that purge one portal in bounded steps (each step is atomic; the caller loops until the
 * returned cursor is '0'), so a large portal never blocks Redis for long.
 */
import { defineScript } from './lua-script.ts'

/** ARGV[1] SCAN cursor, [2] MATCH pattern, [3] COUNT → the next cursor; deletes every key matched in this step. */
export const purgeKeysStep = defineScript(
  'purgeKeysStep',
  `local r = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
for _, k in ipairs(r[2]) do redis.call('UNLINK', k) end
return r[1]`,
)

/** KEYS[1] queue registry → the names of every queue ever enqueued to and not yet purged empty. */
export const queueNames = defineScript('queueNames', `return redis.call('SMEMBERS', KEYS[1])`)

/**
 * KEYS[1] schedule, KEYS[2] items, KEYS[3] queue registry; ARGV[1] HSCAN cursor, [2] MATCH pattern on item ids,
 * [3] COUNT, [4] queue name → the next cursor. Removes matched items; at the end of the scan, an emptied queue
 * leaves the registry.
 */
export const purgeQueueStep = defineScript(
  'purgeQueueStep',
  `local r = redis.call('HSCAN', KEYS[2], ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
local fields = r[2]
for i = 1, #fields, 2 do
  redis.call('HDEL', KEYS[2], fields[i])
  redis.call('ZREM', KEYS[1], fields[i])
end
if r[1] == '0' and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[3], ARGV[4])
end
return r[1]`,
)
