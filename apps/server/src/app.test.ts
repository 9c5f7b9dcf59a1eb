import { describe, expect, it } from 'vitest'
import { openSqliteStore } from './adapters/store/sqlite/sqlite-store.ts'
import { createApp, maxBodyBytes } from './app.ts'
import { parseConfig } from './config.ts'
import type { Store } from './ports/store.ts'

const config = { ...parseConfig({}), appSecret: 'a'.repeat(43) }

describe('createApp', () => {
  it('reports health with the store kind, mode and version', async () => {
    const app = createApp({ config, store: openSqliteStore({ file: ':memory:' }) })
    const res = await app.request('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      status: 'ok',
      store: 'sqlite',
      storeReachable: true,
      mode: 'none',
      telegram: 'not_configured',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    })
  })

  it('shows the portals part of health only to a caller with the CRON_SECRET bearer', async () => {
    const withSecret = { ...config, cronSecret: 'cron-secret-0123456789' }
    const app = createApp({ config: withSecret, store: openSqliteStore({ file: ':memory:' }) })
    const portals = { connected: 0, needsReauthorization: [] }
    for (const authorization of [undefined, 'Bearer wrong-secret', 'cron-secret-0123456789']) {
      const res = await app.request('/api/health', { headers: authorization ? { authorization } : {} })
      expect(res.status).toBe(200)
      expect(await res.json()).not.toHaveProperty('portals')
    }
    const res = await app.request('/api/health', { headers: { authorization: 'Bearer cron-secret-0123456789' } })
    expect(await res.json()).toMatchObject({ status: 'ok', portals })
    const noSecret = createApp({ config, store: openSqliteStore({ file: ':memory:' }) })
    const open = await noSecret.request('/api/health', { headers: { authorization: 'Bearer anything' } })
    expect(await open.json()).not.toHaveProperty('portals')
  })

  it('answers 503 degraded when the store does not answer', async () => {
    const broken = { kind: 'redis', ping: () => Promise.reject(new Error('ECONNREFUSED')) } as unknown as Store
    const res = await createApp({ config, store: broken }).request('/api/health')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 'degraded', store: 'redis', storeReachable: false })
  })

  it('answers unknown /api routes and other paths with the JSON 404', async () => {
    const app = createApp({ config, store: openSqliteStore({ file: ':memory:' }) })
    for (const path of ['/api/nope', '/elsewhere']) {
      const res = await app.request(path, { method: 'POST' })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
    }
  })

  it('refuses a body over the limit with 413 before any route reads it', async () => {
    const app = createApp({ config, store: openSqliteStore({ file: ':memory:' }) })
    const res = await app.request('/api/health', { method: 'POST', body: 'x'.repeat(maxBodyBytes + 1) })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('refuses every route below /api/app with APP_MODE_REQUIRED when Bitrix24 is not configured as an app', async () => {
    const app = createApp({ config, store: openSqliteStore({ file: ':memory:' }) })
    const routes = app.routes.filter((r) => r.path.startsWith('/api/app/') && r.method !== 'ALL')
    expect(routes.length).toBeGreaterThan(20)
    for (const route of routes) {
      const res = await app.request(route.path.replace(/:[a-z]+/gi, '1'), { method: route.method })
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      })
      expect(await res.json()).toMatchObject({ error: { code: 'APP_MODE_REQUIRED' } })
    }
  })
})
