/**
 * @module `batch` (§3.7): up to 50 `method?query` commands run in order, `$result[key][field]…`
 * references resolved from earlier results, `halt` stopping at the first error, and the
 * `result`/`result_error`/`result_total`/`result_next`/`result_time` answer with `[]` for empty parts.
 */
import type { MethodDefinition } from './registry.ts'
import { timeBlock } from './envelope.ts'
import { asRecord, isYes, param, parseBracketed, type Params } from './params.ts'
import { RestError } from './rest-error.ts'

const REFERENCE = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g

function lookup(results: Record<string, unknown>, key: string, path: string): unknown {
  let value: unknown = results[key]
  for (const match of path.matchAll(/\[([^\]]*)\]/g)) {
    const step = match[1] ?? ''
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined
  }
  return value
}

function resolveReferences(value: unknown, results: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = new RegExp(`^${REFERENCE.source}$`).exec(value)
    if (whole) return lookup(results, whole[1] ?? '', whole[2] ?? '')
    return value.replace(REFERENCE, (_m, key: string, path: string) => String(lookup(results, key, path) ?? ''))
  }
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, results))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, results)]))
  }
  return value
}

function splitCommand(command: string): { method: string; params: Params } {
  const at = command.indexOf('?')
  if (at === -1) return { method: command, params: {} }
  return { method: command.slice(0, at), params: parseBracketed(command.slice(at + 1)) }
}

/** PHP serialises an empty or 0..n-1 keyed array as a JSON list; keep that shape. */
function phpArray(record: Record<string, unknown>, wasList: boolean): unknown {
  const keys = Object.keys(record)
  if (keys.length === 0) return []
  if (wasList && keys.every((k, i) => k === String(i))) return keys.map((k) => record[k])
  return record
}

interface BatchParts {
  result: Record<string, unknown>
  error: Record<string, unknown>
  total: Record<string, unknown>
  next: Record<string, unknown>
  time: Record<string, unknown>
}

/** The `batch` method. */
export const batchMethod: MethodDefinition = {
  scope: null,
  notInBatch: true,
  async handler(call) {
    const cmd = param(call.params, 'cmd')
    const wasList = Array.isArray(cmd)
    const commands = Object.entries(asRecord(wasList ? Object.assign({}, cmd) : cmd))
    if (commands.length > 50) {
      throw new RestError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded')
    }
    const halt = isYes(param(call.params, 'halt'))
    const parts: BatchParts = { result: {}, error: {}, total: {}, next: {}, time: {} }
    for (const [key, command] of commands) {
      const startMs = Date.now()
      const { method, params } = splitCommand(String(command))
      try {
        const outcome = await call.invoke(method, resolveReferences(params, parts.result) as Params)
        parts.result[key] = outcome.result
        if (outcome.total !== undefined) parts.total[key] = outcome.total
        if (outcome.next !== undefined) parts.next[key] = outcome.next
      } catch (error) {
        if (!(error instanceof RestError)) throw error
        parts.error[key] = error.toBody()
      }
      parts.time[key] = timeBlock(startMs, Date.now(), false)
      if (halt && key in parts.error) break
    }
    return {
      result: {
        result: phpArray(parts.result, wasList),
        result_error: phpArray(parts.error, wasList),
        result_total: phpArray(parts.total, wasList),
        result_next: phpArray(parts.next, wasList),
        result_time: phpArray(parts.time, wasList),
      },
    }
  },
}
