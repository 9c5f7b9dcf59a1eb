/**
 * @module Reading REST parameters the way the portal does: query string, form (bracket syntax, §3.2),
 * multipart or JSON body; `bx24_*` telemetry parameters ignored; a JSON array body becomes positional
 * keys `"0"`, `"1"` (§3.2).
 */
import qs from 'qs'

/** Parsed parameters of one call. */
export type Params = Record<string, unknown>

const QS_OPTIONS = { depth: 12, arrayLimit: 1000, parameterLimit: 20_000, allowDots: false } as const

/** Parses a bracket-notation query or form string (`fields[TITLE]=…&select[]=ID`). */
export function parseBracketed(text: string): Params {
  return qs.parse(text, QS_OPTIONS) as Params
}

function dropTelemetry(params: Params): Params {
  for (const key of Object.keys(params)) {
    if (key.toLowerCase().startsWith('bx24_')) delete params[key]
  }
  return params
}

function fromJson(text: string): Params {
  if (text.trim() === '') return {}
  const parsed: unknown = JSON.parse(text)
  if (Array.isArray(parsed)) return Object.fromEntries(parsed.map((value, index) => [String(index), value]))
  if (parsed && typeof parsed === 'object') return parsed as Params
  return {}
}

async function fromMultipart(request: Request): Promise<Params> {
  const form = await request.formData()
  const pairs = new URLSearchParams()
  for (const [key, value] of form.entries()) {
    pairs.append(key, typeof value === 'string' ? value : value.name)
  }
  return parseBracketed(pairs.toString())
}

/** Reads all parameters of a request: query first, the body's keys win. Throws on malformed JSON. */
export async function readParams(request: Request): Promise<Params> {
  const url = new URL(request.url)
  const query = dropTelemetry(parseBracketed(url.search.slice(1)))
  if (request.method === 'GET' || request.method === 'HEAD') return query
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  let body: Params
  if (type.includes('multipart/form-data')) body = await fromMultipart(request)
  else if (type.includes('application/json')) body = fromJson(await request.text())
  else body = parseBracketed(await request.text())
  return { ...query, ...body }
}

/** A parameter by name, case-insensitively (`id`/`ID`, `fields`/`FIELDS`, §3.2). */
export function param(params: Params, name: string): unknown {
  if (Object.hasOwn(params, name)) return params[name]
  const lower = name.toLowerCase()
  for (const [key, value] of Object.entries(params)) {
    if (key.toLowerCase() === lower) return value
  }
  return undefined
}

/** A value as a plain object (`{}` for anything else). */
export function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

/** A value as an array: arrays as they are, objects by their values, scalars wrapped. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return []
  if (Array.isArray(value)) return value
  if (typeof value === 'object') return Object.values(value)
  return [value]
}

/** An integer from a number or numeric string; `fallback` otherwise. */
export function asInt(value: unknown, fallback = 0): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : NaN
  return Number.isFinite(n) ? Math.trunc(n) : fallback
}

/** A value as a string (`''` for null/undefined/objects). */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return ''
}

/** Bitrix24's boolean parameters: `Y`, `1`, `true`, `true` boolean. */
export function isYes(value: unknown): boolean {
  return value === true || value === 1 || value === 'Y' || value === 'y' || value === '1' || value === 'true'
}
