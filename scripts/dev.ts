/**
 * @module `npm run dev`: what `npm start` runs (the sandboxes for whatever is not configured, and the app
 * server), except that the app server serves the SPA from Vite in middleware mode instead of `apps/web/dist`:
 * the frame pages (`/api/b24/app`, `/api/b24/install`) load `/@vite/client` and `/src/main.ts`, and an edit of a
 * `.vue` or `.ts` file of the SPA hot-updates inside the portal frame over a WebSocket on the app's own port.
 * `tsx watch` restarts the process when server code changes. Nothing here is product code: `npm start` and
 * Vercel serve the built files.
 */
import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createServer as createViteServer, type Plugin } from 'vite'
import type { SpaDevServer } from '../apps/server/src/main.ts'
import { runFromCommandLine } from './start.ts'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const webRoot = resolve(repoRoot, 'apps/web')

/**
 * Dev builds of Pinia and vue-router load Vue's devtools, which read `localStorage` as they are imported
 * (vuejs/pinia#2992). In a cross-site frame whose storage the browser blocks (third-party cookies off, Chrome
 * Incognito, Playwright) that read throws and the SPA never starts, so the dev page first gives the frame an
 * in-memory stand-in. Production builds drop the devtools and get nothing of this.
 */
const storageFallback = `for (const storage of ['localStorage', 'sessionStorage']) {
  try { void window[storage] } catch {
    const data = new Map()
    const value = {
      get length() { return data.size },
      key: (i) => [...data.keys()][i] ?? null,
      getItem: (k) => (data.has(String(k)) ? data.get(String(k)) : null),
      setItem: (k, v) => void data.set(String(k), String(v)),
      removeItem: (k) => void data.delete(String(k)),
      clear: () => data.clear(),
    }
    Object.defineProperty(window, storage, { configurable: true, value })
  }
}`

const frameStorageFallback: Plugin = {
  name: 'tac:frame-storage-fallback',
  apply: 'serve',
  transformIndexHtml: () => [{ tag: 'script', children: storageFallback, injectTo: 'head-prepend' }],
}

/** The host names the dev server answers besides localhost and IP addresses: the one of `APP_URL`, if set. */
function allowedHosts(env: Record<string, string | undefined>): string[] {
  const appUrl = env.APP_URL || env.WEBHOOK_URL
  return appUrl ? [new URL(appUrl).hostname] : []
}

/**
 * Starts Vite for `apps/web` in middleware mode on the app server's HTTP server (HMR shares its port). Vite
 * may read only the SPA, the server's shared schemas it imports, and `node_modules`: the app server listens on
 * every interface, and the data folder (store, secret) must not be served.
 */
export async function createViteSpaDev(server: Server): Promise<SpaDevServer> {
  const vite = await createViteServer({
    root: webRoot,
    configFile: resolve(webRoot, 'vite.config.ts'),
    appType: 'spa',
    clearScreen: false,
    plugins: [frameStorageFallback],
    server: {
      middlewareMode: true,
      hmr: { server },
      allowedHosts: allowedHosts(process.env),
      fs: {
        strict: true,
        allow: [webRoot, resolve(repoRoot, 'apps/server/src'), resolve(repoRoot, 'node_modules')],
      },
    },
  })
  return {
    indexHtml: async () => vite.transformIndexHtml('/', await readFile(resolve(webRoot, 'index.html'), 'utf8')),
    middleware: (req, res, next) => vite.middlewares(req, res, next),
    close: () => vite.close(),
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFromCommandLine({ spaDev: createViteSpaDev }, 'The SPA comes from Vite: edits hot-update in the portal frame.')
}
