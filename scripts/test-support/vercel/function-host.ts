/**
 * @module One instance of a Node.js Vercel function, as Vercel's Node launcher runs it (emulated for the build test
 * and the cold-start bench; compiled to plain JavaScript and run by `node` alone, so no loader changes how the
 * function loads). It follows `@vercel/node`'s own launcher for `vercel dev` (`dev-server.mjs`,
 * `serverless-functions/helpers-web.ts`): the handler named by `.vc-config.json` is imported, `default` is unwrapped,
 * an export with a `fetch` method gets every request of GET, HEAD, OPTIONS, POST, PUT, DELETE and PATCH as a Web
 * `Request` (others get 405), with a second argument whose `waitUntil` keeps the instance alive, and
 * `globalThis[Symbol.for('@vercel/request-context')]` gives `waitUntil` to `@vercel/functions`.
 *
 * Usage: `node function-host.mjs <function dir>` with the deployment's environment, as a child process with IPC.
 * It imports the function, listens on 127.0.0.1:0 and sends `{ type: 'ready', url, importMs }`; an `{ type: 'idle',
 * id }` message is answered with the same once every `waitUntil` promise has settled. A function that cannot be
 * loaded ends the process with its error, as a failed cold start does.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'

type FetchHandler = (request: Request, event: { waitUntil(promise: Promise<unknown>): void }) => Promise<Response>

const methods = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'])
const pending = new Set<Promise<unknown>>()

/** Vercel's awaiter: a failed promise is logged and does not end the instance. */
function waitUntil(promise: Promise<unknown>): void {
  const settled = Promise.resolve(promise).catch((error: unknown) => console.error(error))
  pending.add(settled)
  void settled.finally(() => pending.delete(settled))
}

async function idle(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending])
}

async function loadHandler(functionDir: string): Promise<FetchHandler> {
  const config = JSON.parse(readFileSync(join(functionDir, '.vc-config.json'), 'utf8')) as Record<string, unknown>
  if (config.launcherType !== 'Nodejs') throw new Error(`launcherType ${String(config.launcherType)} is not Nodejs`)
  Object.defineProperty(globalThis, Symbol.for('@vercel/request-context'), {
    configurable: true,
    value: { get: () => ({ waitUntil }) },
  })
  let listener = (await import(pathToFileURL(join(functionDir, String(config.handler))).href)) as Record<
    string,
    unknown
  >
  for (let i = 0; i < 5 && listener.default; i++) listener = listener.default as Record<string, unknown>
  if (typeof listener.fetch !== 'function') throw new Error(`${String(config.handler)} exports no fetch handler`)
  return (request, event) => (listener.fetch as FetchHandler).call(listener, request, event)
}

/** The request as the function sees it: the URL the client asked for on the deployment's host. */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one)
  }
  const proto = headers.get('x-forwarded-proto') ?? 'https'
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? 'localhost'
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(`${proto}://${host}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit)
}

async function respond(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  res.writeHead(response.status, headers)
  res.end(Buffer.from(await response.arrayBuffer()))
}

async function main(functionDir: string): Promise<void> {
  const started = performance.now()
  const handler = await loadHandler(functionDir)
  const importMs = performance.now() - started
  const server = createServer((req, res) => {
    if (!methods.has(req.method ?? 'GET')) return void res.writeHead(405).end()
    handler(toRequest(req), { waitUntil })
      .then((response) => respond(res, response))
      .catch((error: unknown) => {
        console.error(error)
        res.writeHead(500, { 'x-vercel-error': 'FUNCTION_INVOCATION_FAILED' }).end('FUNCTION_INVOCATION_FAILED')
      })
  })
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}`, importMs })
  })
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message.type === 'idle') void idle().then(() => process.send?.({ type: 'idle', id: message.id }))
  })
  process.on('disconnect', () => process.exit(0))
}

const functionDir = process.argv[2]
if (!functionDir) throw new Error('usage: function-host.mjs <function dir>')
await main(functionDir)
