/**
 * @module The pages Bitrix24 opens in its frame: the SPA's built `index.html` (or a minimal page until it is
 * built) with the install result embedded, and the browser build of b24jssdk the minimal page runs
 * `installFinish()` with. Pages may be framed only by the portal they were opened for.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** What the install page tells the frame: the server finished its part, the SPA may call `installFinish()`. */
export interface InstallResult {
  installed: true
  memberId: string
  domain: string
  addedEvents: string[]
  addedPlacements: string[]
}

const minimalPage = `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telegram Approval Cloud</title></head>
<body><main><h1>Telegram Approval Cloud</h1><p id="b24-status">…</p></main></body>
</html>`

// Runs the real b24jssdk installFinish() once the server has reported success.
const installFinishScript = `<script src="/api/b24/b24jssdk.js"></script>
<script>(async () => {
  const status = document.getElementById('b24-status')
  const result = JSON.parse(document.getElementById('b24-install-result').textContent)
  if (!result.installed) return
  const b24 = await window.B24Js.initializeB24Frame()
  if (b24.isInstallMode) await b24.installFinish()
  if (status) status.textContent = 'Installed / Установлено'
})().catch((error) => {
  const status = document.getElementById('b24-status')
  if (status) status.textContent = 'installFinish failed: ' + (error && error.message)
})</script>`

/** Reads the SPA's built index.html once; null while `apps/web` is not built. */
export function createSpaIndexReader(file: string): () => string | null {
  let cached: string | null | undefined
  return () => {
    if (cached === undefined) {
      try {
        cached = readFileSync(file, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        cached = null
      }
    }
    return cached
  }
}

function embedJson(id: string, value: unknown): string {
  const json = JSON.stringify(value).replace(/</g, '\\u003c')
  return `<script type="application/json" id="${id}">${json}</script>`
}

function inject(html: string, snippet: string): string {
  return html.includes('</body>') ? html.replace('</body>', `${snippet}\n</body>`) : html + snippet
}

/** The app page: the built SPA, or the minimal page. */
export function appPage(spaIndex: string | null): string {
  return spaIndex ?? minimalPage
}

/**
 * The install page: the app page with the install result embedded. The built SPA shows the steps and calls
 * `installFinish()` itself; the minimal page (SPA not built) gets a script that calls it.
 */
export function installPage(spaIndex: string | null, result: InstallResult): string {
  const embedded = embedJson('b24-install-result', result)
  if (spaIndex) return inject(spaIndex, embedded)
  const html = minimalPage.replace('<p id="b24-status">…</p>', '<p id="b24-status">Installing…</p>')
  return inject(html, `${embedded}\n${installFinishScript}`)
}

/** `Content-Security-Policy` that lets only the portal at `portalOrigin` frame the page. */
export function frameAncestors(portalOrigin: string | null): string {
  return `frame-ancestors ${portalOrigin ?? "'none'"}`
}

let sdkBundle: string | undefined

/** The UMD build of `@bitrix24/b24jssdk` (global `B24Js`), read once from the installed package. */
export function b24jssdkBrowserBundle(): string {
  if (sdkBundle === undefined) {
    const require = createRequire(import.meta.url)
    const root = dirname(require.resolve('@bitrix24/b24jssdk/package.json'))
    sdkBundle = readFileSync(join(root, 'dist/umd/index.min.js'), 'utf8')
  }
  return sdkBundle
}
