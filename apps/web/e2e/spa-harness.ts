/**
 * @module Browser-test harness (tests only): the SPA built for production into a temp folder, the app server
 * (plain, or an approval harness that seeds approvals) serving it over a sandbox portal, and Chromium with the portal tab — plus helpers to open the app in the
 * portal's frame and to save screenshots under `apps/web/e2e/screenshots/<folder>/` (gitignored).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Frame, Page } from 'playwright-core'
import type { Bitrix24Sandbox } from '../../sandbox/src/bitrix24/index.ts'
import { PORTAL_USER_COOKIE } from '../../sandbox/src/bitrix24/oauth/token-server.ts'
import { launchChromium } from '../../sandbox/src/test-support/chromium.ts'
import {
  buildServer,
  listen,
  oauthEnv,
  startSandbox,
  type Listener,
  type TestServer,
} from '../../server/src/test-support/app-server.ts'
import { startApprovalHarness, type ApprovalHarness } from '../../server/src/test-support/approval-harness.ts'
import { buildSpa, webRoot, withSpaAssets } from './spa-build.ts'

/** A running portal with the app installed, the built SPA, and a portal tab in Chromium. */
export interface SpaHarness {
  listener: Listener
  b24: Bitrix24Sandbox
  server: TestServer
  browser: Browser
  /** The portal tab (1280 × 900, Russian). */
  page: Page
  /** Opens the app from the portal's left menu and waits for the page `testId` in its frame. */
  openApp(testId: string): Promise<Frame>
  /** Saves a full-page screenshot of `target` as `<name>.png`; returns its path. */
  shot(target: Page, name: string): Promise<string>
  close(): Promise<void>
}

/** Builds the SPA, starts the sandbox portal and the app server, installs the app as user 1, opens Chromium. */
export async function startSpaHarness(options: { screenshots: string }): Promise<SpaHarness> {
  const screenshots = join(webRoot, 'e2e/screenshots', options.screenshots)
  rmSync(screenshots, { recursive: true, force: true })
  mkdirSync(screenshots, { recursive: true })
  const dist = await buildSpa()
  const listener = await listen()
  const b24 = await startSandbox(listener.url)
  const server = buildServer(oauthEnv(b24, listener.url), { spaIndexFile: join(dist, 'index.html') })
  listener.use(withSpaAssets(dist, server.app))
  await b24.install({ userId: 1 })
  await b24.flushEvents()
  await server.drain()
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' })
  page.setDefaultTimeout(10_000)
  return {
    ...{ listener, b24, server, browser, page },
    async openApp(testId) {
      await page.goto(`${b24.url}/marketplace/app/${b24.app.clientId}/`)
      const element = await page.waitForSelector('iframe[name*="|"]')
      const frame = await element.contentFrame()
      if (!frame) throw new Error('the app frame has no content')
      await frame.waitForSelector(`[data-testid="${testId}"]`)
      return frame
    },
    async shot(target, name) {
      const path = join(screenshots, `${name}.png`)
      await target.screenshot({ path, fullPage: true, animations: 'disabled' })
      return path
    },
    async close() {
      await browser.close()
      await b24.close()
      await listener.close()
      await server.drain()
      await server.store.close()
      rmSync(dist, { recursive: true, force: true })
    },
  }
}

/** The built SPA over an approval harness (its `api` seeds approvals as any user), with Chromium's portal tab. */
export interface ApprovalSpa {
  h: ApprovalHarness
  /** The portal tab (Russian). */
  page: Page
  /** Opens the app from the portal as `userId` (the sandbox's user switcher) and waits for the home page. */
  openAppAs(userId: number): Promise<Frame>
  /** Saves a full-page screenshot of the portal tab as `<name>.png`; returns its path. */
  shot(name: string): Promise<string>
  close(): Promise<void>
}

/** Builds the SPA, starts an approval harness serving it and opens Chromium (1280 × 900 unless told). */
export async function startApprovalSpa(options: {
  screenshots: string
  viewport?: { width: number; height: number }
}): Promise<ApprovalSpa> {
  const screenshots = join(webRoot, 'e2e/screenshots', options.screenshots)
  rmSync(screenshots, { recursive: true, force: true })
  mkdirSync(screenshots, { recursive: true })
  const dist = await buildSpa()
  const h = await startApprovalHarness({ spaIndexFile: join(dist, 'index.html') })
  h.listener.use(withSpaAssets(dist, h.server.app))
  const browser = await launchChromium()
  const viewport = options.viewport ?? { width: 1280, height: 900 }
  const page = await browser.newPage({ viewport, locale: 'ru-RU' })
  page.setDefaultTimeout(15_000)
  return {
    ...{ h, page },
    async openAppAs(userId) {
      await page.context().addCookies([{ name: PORTAL_USER_COOKIE, value: String(userId), url: h.sandbox.url }])
      await page.goto(`${h.sandbox.url}/marketplace/app/${h.sandbox.app.clientId}/`)
      const frame = await (await page.waitForSelector('iframe[name*="|"]')).contentFrame()
      if (!frame) throw new Error('the app frame has no content')
      await frame.waitForSelector('[data-testid="home-page"]')
      return frame
    },
    async shot(name) {
      const path = join(screenshots, `${name}.png`)
      await page.screenshot({ path, fullPage: true, animations: 'disabled' })
      return path
    },
    async close() {
      await browser.close()
      await h.close()
      rmSync(dist, { recursive: true, force: true })
    },
  }
}
