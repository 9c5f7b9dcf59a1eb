/**
 * @module Debian's Chromium for browser tests, driven by playwright-core. Nothing is downloaded: the tests use
 * `/usr/bin/chromium` (installed by `.ci/run`) and fail, never skip, when it is missing.
 */
import { chromium, type Browser } from 'playwright-core'

/** The flags this workplace's machines need (no sandbox as root, no background network, no first-run UI). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Launches `/usr/bin/chromium` headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs })
}
