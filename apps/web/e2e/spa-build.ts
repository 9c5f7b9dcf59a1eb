/**
 * @module The SPA built once for a browser test (production mode, into a temporary folder), and the routes that
 * serve its assets in front of the app server, as Vercel's CDN does.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/** The web app's root folder. */
export const webRoot = fileURLToPath(new URL('../', import.meta.url))

/** Builds the SPA into a new temporary folder and returns it. */
export async function buildSpa(): Promise<string> {
  const dist = mkdtempSync(join(tmpdir(), 'tac-web-e2e-'))
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      root: webRoot,
      configFile: join(webRoot, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: dist },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  return dist
}

/** The app server behind the built SPA's `/assets/*`, and its `index.html` at `/` (Vercel's rewrite). */
export function withSpaAssets(dist: string, app: Parameters<Hono['route']>[1]) {
  const root = relative(process.cwd(), dist)
  const assets = serveStatic({ root })
  return new Hono()
    .use('/assets/*', assets)
    .get('/', serveStatic({ root, path: 'index.html' }))
    .route('/', app)
}
