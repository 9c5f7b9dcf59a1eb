/**
 * @module The `/rest/` endpoint (§3): `/rest/<method>[.json]` with `auth` in query, form or JSON body,
 * incoming webhooks `/rest/<userId>/<code>/<method>`, the per-portal rate limit, fault injection,
 * the success/error envelopes and the REST log.
 */
import { Hono, type Context } from 'hono'
import type { Portal, RestLogEntry } from '../portal.ts'
import { formatB24Date } from '../b24-date.ts'
import { resolveAccessToken } from '../tokens.ts'
import { successBody, type MethodOutcome } from './envelope.ts'
import { applyDelay, drawRandomFault, takeFault } from './faults.ts'
import { readParams, type Params } from './params.ts'
import type { LeakyBucket } from './rate-limit.ts'
import { invokeMethod, normaliseMethodName, type CallAuth, type MethodTable } from './registry.ts'
import { RestError } from './rest-error.ts'
import { downloadDiskFile } from '../methods/disk-download.ts'

interface RestTarget {
  method: string
  webhook: { userId: number; code: string } | null
  isV3: boolean
}

/** Splits the path after `/rest/`; tolerates the `//` that B24OAuth produces (platform-notes A.6). */
export function parseRestPath(pathname: string): RestTarget | null {
  const segments = pathname
    .replace(/^\/rest\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent)
  const isV3 = segments[0] === 'api'
  const rest = isV3 ? segments.slice(1) : segments
  if (rest.length === 1) return { method: normaliseMethodName(rest[0] ?? ''), webhook: null, isV3 }
  if (rest.length === 3 && /^\d+$/.test(rest[0] ?? '')) {
    const webhook = { userId: Number(rest[0]), code: rest[1] ?? '' }
    return { method: normaliseMethodName(rest[2] ?? ''), webhook, isV3 }
  }
  return null
}

function authenticate(portal: Portal, target: RestTarget, params: Params): CallAuth {
  if (target.webhook) {
    const { userId, code } = target.webhook
    const hook = portal.state.webhooks.find((w) => w.userId === userId && w.code === code)
    // Measured on live portals: a wrong webhook secret answers 401 INVALID_CREDENTIALS (§2.6).
    if (!hook) throw new RestError(401, 'INVALID_CREDENTIALS', 'Invalid request credentials')
    return { transport: 'webhook', userId, scope: hook.scope }
  }
  const token = typeof params['auth'] === 'string' ? params['auth'] : ''
  delete params['auth']
  if (!token) throw new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data')
  const resolved = resolveAccessToken(portal, token)
  if (!resolved.ok) {
    const text =
      resolved.error === 'expired_token'
        ? 'The access token provided has expired.'
        : 'The access token provided is invalid.'
    throw new RestError(401, resolved.error, text)
  }
  return { transport: 'oauth', userId: resolved.userId, scope: resolved.scope.split(',') }
}

/** A copy of the parameters for the log with long strings (file contents) cut to 200 characters. */
function loggable(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}… (${value.length} chars)` : value
  if (Array.isArray(value)) return value.map(loggable)
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, loggable(v)]))
  return value
}

function logCall(portal: Portal, entry: Omit<RestLogEntry, 'id' | 'at'>): void {
  const params = loggable(entry.params)
  portal.restLog.push({ id: portal.restLog.length + 1, at: formatB24Date(portal.now()), ...entry, params })
  if (portal.restLog.length > 5000) portal.restLog.splice(0, portal.restLog.length - 5000)
}

/** What the router learned about a call, for the REST log, even when it fails. */
interface CallTrace {
  params: Params
  auth: CallAuth | null
}

async function runCall(
  portal: Portal,
  methods: MethodTable,
  bucket: LeakyBucket,
  target: RestTarget,
  trace: CallTrace,
): Promise<MethodOutcome> {
  if (target.isV3) throw new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'REST 3.0 is not emulated by the sandbox')
  const limit = portal.knobs.rateLimit
  if (limit && !bucket.tryTake(Date.now(), limit)) {
    throw new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests')
  }
  const auth = authenticate(portal, target, trace.params)
  trace.auth = auth
  await applyDelay(portal, target.method)
  const fault = takeFault(portal, target.method)
  if (fault) throw fault
  return invokeMethod(portal, methods, target.method, trace.params, auth)
}

function errorResponse(error: RestError): Response {
  return new Response(JSON.stringify(error.toBody()), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })
}

/** Drops the request's connection without an answer (the caller sees a reset, as after a lost response). */
function dropConnection(c: Context): Response {
  ;(c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket?.destroy()
  return new Response(null, { status: 204 })
}

function restHandler(portal: Portal, methods: MethodTable, bucket: LeakyBucket) {
  return async function restCall(c: Context): Promise<Response> {
    const startMs = Date.now()
    const target = parseRestPath(new URL(c.req.url).pathname)
    if (!target) return errorResponse(new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!'))
    const trace: CallTrace = { params: {}, auth: null }
    let status = 200
    let code: string | null = null
    const random = drawRandomFault(portal, target.method)
    try {
      trace.params = await readParams(c.req.raw)
      if (random?.when === 'before') throw new RestError(random.status, random.code, 'Injected fault')
      const outcome = await runCall(portal, methods, bucket, target, trace)
      if (random?.when === 'after') {
        if (random.status !== 0) throw new RestError(random.status, random.code, 'Injected fault after the call ran')
        status = 0
        code = random.code
        return dropConnection(c)
      }
      return c.json(successBody(outcome, startMs, Date.now()), 200)
    } catch (error) {
      const restError = error instanceof RestError ? error : internalError(error)
      status = restError.status
      code = restError.code
      return errorResponse(restError)
    } finally {
      logCall(portal, {
        method: target.method,
        transport: trace.auth?.transport ?? (target.webhook ? 'webhook' : 'oauth'),
        userId: trace.auth?.userId ?? target.webhook?.userId ?? null,
        status,
        error: code,
        params: trace.params,
        durationMs: Date.now() - startMs,
      })
    }
  }
}

function internalError(error: unknown): RestError {
  if (error instanceof SyntaxError) return new RestError(400, 'INVALID_REQUEST', 'Malformed request body')
  console.error('bitrix24 sandbox: method failed', error)
  return new RestError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error')
}

/** The `/rest/*` routes of the portal; `/rest/download.json` serves Drive files by their `DOWNLOAD_URL`. */
export function restRoutes(portal: Portal, methods: MethodTable, bucket: LeakyBucket): Hono {
  const app = new Hono()
  app.get('/rest/download.json', (c) => downloadDiskFile(portal, c.req.query('token') ?? ''))
  app.all('/rest/*', restHandler(portal, methods, bucket))
  return app
}
