/**
 * @module The built SPA's files for the local process (`npm start`). On Vercel the CDN serves them and
 * `vercel.json` rewrites other paths to `index.html`; locally this does the same: a file from `apps/web/dist`
 * when it exists, otherwise `index.html` for every GET of an SPA route (outside `/api`, no file extension).
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { relative } from 'node:path'

const isOutsideApi = (path: string) => path !== '/api' && !path.startsWith('/api/')
const isSpaRoute = (path: string) => isOutsideApi(path) && !/\.\w+$/.test(path)

/**
 * Routes serving `distDir`: its files, and `index.html` for any other GET of an SPA route (the SPA routes itself).
 * Paths under `/api` and missing files fall through to the app (its JSON 404).
 */
export function createSpaFileRoutes(distDir: string) {
  const root = relative(process.cwd(), distDir) || '.'
  const files = serveStatic({ root })
  const index = serveStatic({ root, path: 'index.html' })
  return new Hono()
    .get('*', async (c, next) => (isOutsideApi(c.req.path) ? files(c, next) : next()))
    .get('*', async (c, next) => (isSpaRoute(c.req.path) ? index(c, next) : next()))
}
