/**
 * @module List methods: filter with Bitrix24's key prefixes (`>=ID`, `!STATUS`, `@ID`; `%TITLE` a substring,
 * `=%TITLE` a LIKE pattern whose `%` the caller writes),
 * `order`, `select`, and the fixed page of 50 with `next`/`total`, or the `start=-1` mode that skips the
 * count (§3.5, §3.6).
 */
import type { MethodOutcome } from './envelope.ts'
import { asInt, asList, asRecord } from './params.ts'

/** Page size of every list method (§3.5). */
export const PAGE_SIZE = 50

const OPERATORS = ['>=', '<=', '!=', '!%', '=%', '%=', '>', '<', '!', '%', '@', '!@', '='] as const

function splitKey(key: string): { op: string; field: string } {
  for (const op of [...OPERATORS].sort((a, b) => b.length - a.length)) {
    if (key.startsWith(op)) return { op, field: key.slice(op.length) }
  }
  return { op: '=', field: key }
}

function compare(a: unknown, b: unknown): number {
  const na = Number(a)
  const nb = Number(b)
  if (a !== null && a !== '' && b !== null && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb
  return String(a ?? '').localeCompare(String(b ?? ''))
}

function equals(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => equals(item, expected))
  if (typeof actual === 'boolean') return actual === (expected === true || expected === 'Y' || expected === 'true')
  return String(actual ?? '') === String(expected ?? '')
}

/** A LIKE pattern as a case-insensitive expression: `%` stands for any run of characters, the rest is literal. */
function likePattern(pattern: string): RegExp {
  const parts = pattern.split('%').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('.*')}$`, 'is')
}

function matchesOne(actual: unknown, op: string, expected: unknown): boolean {
  const many = Array.isArray(expected) ? expected : null
  switch (op) {
    case '>':
      return compare(actual, expected) > 0
    case '>=':
      return compare(actual, expected) >= 0
    case '<':
      return compare(actual, expected) < 0
    case '<=':
      return compare(actual, expected) <= 0
    case '!':
    case '!=':
    case '!@':
      return many ? !many.some((e) => equals(actual, e)) : !equals(actual, expected)
    case '%':
      return String(actual ?? '')
        .toLowerCase()
        .includes(
          String(expected ?? '')
            .toLowerCase()
            .replace(/%/g, ''),
        )
    case '=%':
    case '%=':
      return likePattern(String(expected ?? '')).test(String(actual ?? ''))
    case '!%':
      return !String(actual ?? '')
        .toLowerCase()
        .includes(String(expected ?? '').toLowerCase())
    default:
      return many ? many.some((e) => equals(actual, e)) : equals(actual, expected)
  }
}

/** Reads a field of a record case-insensitively. */
export function fieldOf(record: Record<string, unknown>, field: string): unknown {
  if (Object.hasOwn(record, field)) return record[field]
  const lower = field.toLowerCase()
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower)
  return key === undefined ? undefined : record[key]
}

/** Keeps the records matching every filter key. */
export function applyFilter<T extends Record<string, unknown>>(records: T[], filter: unknown): T[] {
  const entries = Object.entries(asRecord(filter))
  return records.filter((record) =>
    entries.every(([key, expected]) => {
      const { op, field } = splitKey(key)
      return matchesOne(fieldOf(record, field), op, expected)
    }),
  )
}

/** Sorts records by an `order` object (`{ ID: 'ASC' }`); default by `ID` ascending. */
export function applyOrder<T extends Record<string, unknown>>(records: T[], order: unknown, idField = 'ID'): T[] {
  const entries = Object.entries(asRecord(order))
  const keys = entries.length > 0 ? entries : [[idField, 'ASC'] as [string, unknown]]
  return [...records].sort((a, b) => {
    for (const [field, direction] of keys) {
      const diff = compare(fieldOf(a, field), fieldOf(b, field))
      if (diff !== 0) return String(direction).toUpperCase() === 'DESC' ? -diff : diff
    }
    return 0
  })
}

/** Keeps only selected fields; `*` or an empty select keeps all but `UF_*`, which need `UF_*` or their name. */
export function applySelect(record: Record<string, unknown>, select: unknown): Record<string, unknown> {
  const fields = asList(select).map(String)
  if (fields.length === 0 || fields.includes('*')) {
    if (fields.includes('UF_*')) return record
    return Object.fromEntries(Object.entries(record).filter(([k]) => !k.startsWith('UF_')))
  }
  const wanted = new Set(fields.map((f) => f.toUpperCase()))
  const allUf = wanted.has('UF_*')
  return Object.fromEntries(
    Object.entries(record).filter(([k]) => wanted.has(k.toUpperCase()) || (allUf && k.startsWith('UF_')) || k === 'ID'),
  )
}

/** Cuts one page: 50 records from `start` with `next`/`total`, or with `start=-1` no count (total 0, no next). */
export function paginate<T>(records: T[], start: unknown): MethodOutcome & { page: T[] } {
  const offset = asInt(start, 0)
  if (offset === -1) return { page: records.slice(0, PAGE_SIZE), result: null, total: 0 }
  const from = Math.max(0, offset)
  const page = records.slice(from, from + PAGE_SIZE)
  const outcome: MethodOutcome & { page: T[] } = { page, result: null, total: records.length }
  if (from + PAGE_SIZE < records.length) outcome.next = from + PAGE_SIZE
  return outcome
}
