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

describe('npm run dev', () => {
  it('serves the frame pages from Vite (HMR client, source modules) and keeps /api for the app', async () => {
    const [appPort, portalPort, telegramPort] = [await freePort(), await freePort(), await freePort()]
    const dataDir = mkdtempSync(join(tmpdir(), 'tac-dev-'))
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'dev.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: dataDir,
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
    const app = `http://127.0.0.1:${appPort}`
    try {
      await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain('Stop with Ctrl+C')

      // The page Bitrix24 POSTs into the frame is Vite's transformed index.html, not the built one.
      const page = await fetch(`${app}/api/b24/app`, { method: 'POST', body: new URLSearchParams({ DOMAIN: 'x' }) })
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('<script type="module" src="/@vite/client"></script>')
      expect(html).toContain('<script type="module" src="/src/main.ts"></script>')
      expect(html).not.toMatch(/\/assets\/index-[\w-]+\.js/)
      // Before any module: the stand-in storage for a frame whose storage the browser blocks (see dev.ts).
      expect(html.indexOf("'localStorage'")).toBeGreaterThan(0)
      expect(html.indexOf("'localStorage'")).toBeLessThan(html.indexOf('/@vite/client'))
      expect((await (await fetch(`${app}/api/b24/install`)).text()).includes('/@vite/client')).toBe(true)

      // Its modules come from Vite, compiled for the browser, with HMR for the components.
      const main = await fetch(`${app}/src/main.ts`)
      expect(main.headers.get('content-type')).toMatch(/javascript/)
      expect(await main.text()).toMatch(/import App from "\/src\/App\.vue"/)
      const component = await (await fetch(`${app}/src/pages/CrmTabPage.vue`)).text()
      expect(component).toContain('import.meta.hot')
      expect((await fetch(`${app}/@vite/client`)).headers.get('content-type')).toMatch(/javascript/)

      // /api stays the app's, and Vite serves nothing outside the SPA (the data folder holds the store and secret).
      expect(await (await fetch(`${app}/api/health`)).json()).toMatchObject({ status: 'ok', mode: 'oauth' })
      expect((await fetch(`${app}/api/nowhere`)).status).toBe(404)
      expect((await fetch(`${app}/@fs${join(dataDir, 'app-secret')}`)).status).toBe(403)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
  }, 90_000)
})
