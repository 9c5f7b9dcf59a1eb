/**
 * The cron route's secret check and the local one-minute timer; the tick's work itself is covered
 * by `run-timers.integration.test.ts`, `outbox-faults.integration.test.ts` and `outbox-crash.integration.test.ts`.
 */
import { describe, expect, it } from 'vitest'
import { onError } from './errors.ts'
import { createCronRoutes, startCronTimer } from './cron.ts'

const report = { timers: { claimed: 0, fired: 0, skipped: 0, retried: 0 }, outbox: { claimed: 0, done: 0, retried: 0 } }

function cronApp(secret: string | undefined) {
  let ticks = 0
  const app = createCronRoutes({
    secret,
    tick: async () => {
      ticks += 1
      return report
    },
  })
  app.onError(onError)
  return { app, ticks: () => ticks }
}

describe('cron tick route', () => {
  it('runs the tick for GET and POST with the right bearer secret only', async () => {
    const { app, ticks } = cronApp('s'.repeat(20))
    expect((await app.request('/cron/tick')).status).toBe(401)
    expect((await app.request('/cron/tick', { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
    expect(ticks()).toBe(0)
    const auth = { authorization: `Bearer ${'s'.repeat(20)}` }
    const get = await app.request('/cron/tick', { headers: auth })
    expect(get.status).toBe(200)
    expect(await get.json()).toEqual({ tick: report })
    expect((await app.request('/cron/tick', { method: 'POST', headers: auth })).status).toBe(200)
    expect(ticks()).toBe(2)
  })

  it('runs without a secret when CRON_SECRET is not set', async () => {
    const { app, ticks } = cronApp(undefined)
    expect((await app.request('/cron/tick', { method: 'POST' })).status).toBe(200)
    expect(ticks()).toBe(1)
  })
})

describe('local cron timer', () => {
  it('calls the tick route with the secret on every interval, one tick at a time, until stopped', async () => {
    const calls: { path: string; authorization: string | null }[] = []
    let release: () => void = () => undefined
    const app = {
      request: async (path: string, init?: RequestInit) => {
        calls.push({ path, authorization: new Headers(init?.headers).get('authorization') })
        await new Promise<void>((resolve) => (release = resolve))
        return new Response('{}', { status: 200 })
      },
    }
    const stop = startCronTimer(app, { secret: 'x'.repeat(16), everyMs: 5 })
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(calls).toEqual([{ path: '/api/cron/tick', authorization: `Bearer ${'x'.repeat(16)}` }])
    release()
    await new Promise((resolve) => setTimeout(resolve, 40))
    stop()
    release()
    const count = calls.length
    expect(count).toBeGreaterThanOrEqual(2)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(calls.length).toBe(count)
  })
})
