import { describe, expect, it } from 'vitest'
import { startScript } from './test-support/script-process.ts'

describe('npm start', () => {
  it('runs the app with the embedded store and both sandboxes, prints where to click, stops on SIGTERM', async () => {
    const run = await startScript('start.ts', 'tac-start-')
    const { app: appPort, portal: portalPort, telegram: telegramPort } = run.ports
    try {
      await expect.poll(run.output, { timeout: 45_000, interval: 200 }).toContain('Stop with Ctrl+C')
      expect(run.output()).toContain(`http://localhost:${appPort}`)
      expect(run.output()).toContain(`:${portalPort}`)
      expect(run.output()).toContain(`:${telegramPort}`)

      const health = await fetch(`http://127.0.0.1:${appPort}/api/health`)
      expect(health.status).toBe(200)
      expect(await health.json()).toMatchObject({
        status: 'ok',
        store: 'sqlite',
        mode: 'oauth',
        telegram: 'configured',
      })
      expect((await fetch(`http://127.0.0.1:${portalPort}/`, { redirect: 'follow' })).status).toBe(200)
      expect((await fetch(`http://127.0.0.1:${telegramPort}/`)).status).toBe(200)
    } finally {
      run.stop()
    }
    expect(await run.exited).toBe(0)
  }, 60_000)
})
