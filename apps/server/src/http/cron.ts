/**
 * @module The cron tick (`GET|POST /api/cron/tick`): Vercel Cron calls it every minute with
 * `Authorization: Bearer <CRON_SECRET>`; locally {@link startCronTimer} calls it in-process. The tick fires
 * due reminders, deadlines and escalations and runs due outbox items; overlapping ticks are safe.
 */
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { AuthError } from '../ports/errors.ts'
import type { CronTickReport } from '../services/cron-tick.ts'
import { isSameSecret } from '../services/secret-compare.ts'
import { bearerToken } from './bearer-token.ts'

/** Refuses a tick without the right bearer secret when `secret` is set (constant-time compare). */
export function cronAuth(secret: string | undefined) {
  return createMiddleware(async function cronAuth(c, next) {
    const given = bearerToken(c.req.header('authorization'))
    if (secret !== undefined && !isSameSecret(given, secret)) {
      throw new AuthError('CRON_SECRET_MISMATCH', 'Send Authorization: Bearer <CRON_SECRET>')
    }
    await next()
  })
}

/** Creates the `/cron/tick` route (mounted under `/api`). */
export function createCronRoutes(deps: { secret: string | undefined; tick: () => Promise<CronTickReport> }) {
  return new Hono().on(['GET', 'POST'], '/cron/tick', cronAuth(deps.secret), async (c) => {
    return c.json({ tick: await deps.tick() }, 200)
  })
}

/**
 * Calls the app's own tick route every `everyMs` (default one minute) in a local process; one tick at a time
 * per process. Returns a function that stops the timer. A failed tick is logged and the next one runs as usual.
 */
export function startCronTimer(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  options: { secret: string | undefined; everyMs?: number },
): () => void {
  let isRunning = false
  const headers: Record<string, string> = options.secret ? { authorization: `Bearer ${options.secret}` } : {}
  const timer = setInterval(() => {
    if (isRunning) return
    isRunning = true
    Promise.resolve(app.request('/api/cron/tick', { method: 'POST', headers }))
      .then(async (response) => {
        if (!response.ok) console.warn(`cron: tick answered ${response.status}: ${await response.text()}`)
      })
      .catch((error: unknown) => console.warn('cron: tick failed:', error instanceof Error ? error.message : error))
      .finally(() => void (isRunning = false))
  }, options.everyMs ?? 60_000)
  timer.unref()
  return () => clearInterval(timer)
}
