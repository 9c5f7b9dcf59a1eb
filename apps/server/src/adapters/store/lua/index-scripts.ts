/**
 * @module Lua scripts for ordered indexes (sorted sets). Scores travel as strings so no precision is lost in Lua.
 */
import { defineScript } from './lua-script.ts'

/** KEYS[1] index, ARGV[1] score, ARGV[2] member. */
export const indexAdd = defineScript('indexAdd', `return redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])`)

/** KEYS[1] index, ARGV[1] member. */
export const indexRemove = defineScript('indexRemove', `return redis.call('ZREM', KEYS[1], ARGV[1])`)

/** KEYS[1] index → number of members. */
export const indexSize = defineScript('indexSize', `return redis.call('ZCARD', KEYS[1])`)

/**
 * One page of an index, resuming strictly after a cursor `(score, member)` even when that member has gone.
 *
 * KEYS[1] index; ARGV: [1] '1' for highest score first, [2] limit, [3] min or '', [4] max or '',
 * [5] cursor score or '', [6] cursor member. Returns up to limit + 1 flat `member, score` pairs in walking
 * order, so the caller knows whether a next page exists.
 *
 * Members with equal scores are ordered by bytes (Redis' order); the resume point inside such a run is found
 * by a binary search over ranks with a byte-wise comparison (Lua's `<` on strings follows the locale).
 */
export const indexPage = defineScript(
  'indexPage',
  `local key, rev, limit = KEYS[1], ARGV[1] == '1', tonumber(ARGV[2])
local minS, maxS, cs, cm = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local function before(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local function countAhead(score)
  if rev then return redis.call('ZCOUNT', key, '(' .. score, '+inf') end
  return redis.call('ZCOUNT', key, '-inf', '(' .. score)
end
local function isAfterCursor(rank)
  local m
  if rev then m = redis.call('ZREVRANGE', key, rank, rank)[1] else m = redis.call('ZRANGE', key, rank, rank)[1] end
  if rev then return before(m, cm) end
  return before(cm, m)
end
local start = 0
if rev and maxS ~= '' then start = countAhead(maxS) end
if not rev and minS ~= '' then start = countAhead(minS) end
if cs ~= '' then
  local lo = countAhead(cs)
  local hi = lo + redis.call('ZCOUNT', key, cs, cs)
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if isAfterCursor(mid) then hi = mid else lo = mid + 1 end
  end
  if lo > start then start = lo end
end
local rows
if rev then
  rows = redis.call('ZREVRANGE', key, start, start + limit, 'WITHSCORES')
else
  rows = redis.call('ZRANGE', key, start, start + limit, 'WITHSCORES')
end
local out = {}
for i = 1, #rows, 2 do
  local s = tonumber(rows[i + 1])
  if rev and minS ~= '' and s < tonumber(minS) then break end
  if not rev and maxS ~= '' and s > tonumber(maxS) then break end
  out[#out + 1] = rows[i]
  out[#out + 1] = rows[i + 1]
end
return out`,
)
