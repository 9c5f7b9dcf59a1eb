import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { notFound } from './errors.ts'
import { createSpaFileRoutes } from './spa-files.ts'

function appWithDist() {
  const dist = mkdtempSync(join(tmpdir(), 'tac-dist-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>SPA</title>')
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)')
  const app = new Hono().route('/', createSpaFileRoutes(dist)).get('/api/health', (c) => c.json({ status: 'ok' }))
  app.notFound(notFound)
  return app
}

describe('createSpaFileRoutes', () => {
  it('serves built files and index.html for SPA routes', async () => {
    const app = appWithDist()
    const asset = await app.request('/assets/app.js')
    expect(asset.status).toBe(200)
    expect(await asset.text()).toBe('console.log(1)')
    for (const path of ['/', '/approvals/01HZX', '/templates']) {
      const page = await app.request(path)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<title>SPA</title>')
    }
  })

  it('leaves /api to the app and answers missing files with the JSON 404', async () => {
    const app = appWithDist()
    expect(await (await app.request('/api/health')).json()).toEqual({ status: 'ok' })
    const missingApi = await app.request('/api/unknown')
    expect(missingApi.status).toBe(404)
    expect(((await missingApi.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
    const missingAsset = await app.request('/assets/gone.js')
    expect(missingAsset.status).toBe(404)
    expect(missingAsset.headers.get('content-type')).toContain('application/json')
  })
})
