import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** A port that was free a moment ago (the OS picks it). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.once('error', reject)
  })

describe('npm start', () => {
  it('runs the app with the embedded store and both sandboxes, prints where to click, stops on SIGTERM', async () => {
    const [appPort, portalPort, telegramPort] = [await freePort(), await freePort(), await freePort()]
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'start.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'tac-start-')),
        PORT: String(appPort),
        BITRIX24_SANDBOX_PORT: String(portalPort),
        TELEGRAM_SANDBOX_PORT: String(telegramPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      await expect.poll(() => output, { timeout: 45_000, interval: 200 }).toContain('Stop with Ctrl+C')
      expect(output).toContain(`http://localhost:${appPort}`)
      expect(output).toContain(`:${portalPort}`)
      expect(output).toContain(`:${telegramPort}`)

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
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
  }, 60_000)
})
