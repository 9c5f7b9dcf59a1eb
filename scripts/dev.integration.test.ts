import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startScript } from './test-support/script-process.ts'

describe('npm run dev', () => {
  it('serves the frame pages from Vite (HMR client, source modules) and keeps /api for the app', async () => {
    const run = await startScript('dev.ts', 'tac-dev-')
    const app = `http://127.0.0.1:${run.ports.app}`
    try {
      await expect.poll(run.output, { timeout: 60_000, interval: 200 }).toContain('Stop with Ctrl+C')

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
      expect((await fetch(`${app}/@fs${join(run.dataDir, 'app-secret')}`)).status).toBe(403)
    } finally {
      run.stop()
    }
    expect(await run.exited).toBe(0)
  }, 90_000)
})
