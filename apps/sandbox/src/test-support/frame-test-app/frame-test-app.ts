/**
 * @module A tiny app server for browser tests of the portal's app frame, on the product's paths (`/api/b24/install`,
 * `/api/b24/app`, `/api/b24/events`, `/api/b24/robot`): both pages run the real b24jssdk (bundled with esbuild at start, no CDN);
 * it records what the portal POSTed into the frame and the events delivered to it. Listens on 127.0.0.1, port 0.
 */
import { serve, type ServerType } from '@hono/node-server'
import { build } from 'esbuild'
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

/** One request the portal sent to the app (frame POST or event delivery). */
export interface ReceivedRequest {
  path: string
  query: Record<string, string>
  contentType: string
  body: string
}

/** The running test app. */
export interface FrameTestApp {
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** Frame loads (install and handler pages), in order. */
  frameLoads: ReceivedRequest[]
  /** Event deliveries to `/api/b24/events`, in order. */
  events: ReceivedRequest[]
  /** Robot calls to `/api/b24/robot`, in order. */
  robotCalls: ReceivedRequest[]
  close(): Promise<void>
}

async function bundleFramePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./frame-page.client.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  })
  const output = result.outputFiles[0]
  if (!output) throw new Error('esbuild produced no frame page bundle')
  return output.text
}

async function record(request: Request, into: ReceivedRequest[]): Promise<void> {
  const url = new URL(request.url)
  into.push({
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    contentType: request.headers.get('content-type') ?? '',
    body: await request.text(),
  })
}

function framePage(title: string): string {
  return String(
    html`<!doctype html>
      <html lang="ru">
        <head>
          <meta charset="utf-8" />
          <title>${title}</title>
          <script type="module" src="/frame-page.js"></script>
        </head>
        <body style="font: 14px sans-serif; margin: 16px">
          <h2>${title}</h2>
          <pre id="report">initializeB24Frame()…</pre>
        </body>
      </html>`,
  )
}

/** Starts the test app; close it in `afterAll`. */
export async function startFrameTestApp(): Promise<FrameTestApp> {
  const script = await bundleFramePage()
  const frameLoads: ReceivedRequest[] = []
  const events: ReceivedRequest[] = []
  const robotCalls: ReceivedRequest[] = []
  const app = new Hono()
  app.get('/frame-page.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  app.on(['GET', 'POST'], '/api/b24/install', async (c) => {
    await record(c.req.raw, frameLoads)
    return c.html(framePage('Установка тестового приложения'))
  })
  app.on(['GET', 'POST'], '/api/b24/app', async (c) => {
    await record(c.req.raw, frameLoads)
    return c.html(framePage('Тестовое приложение'))
  })
  app.post('/api/b24/events', async (c) => {
    await record(c.req.raw, events)
    return c.text('OK')
  })
  app.post('/api/b24/robot', async (c) => {
    await record(c.req.raw, robotCalls)
    return c.text('OK')
  })
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started))
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    frameLoads,
    events,
    robotCalls,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
