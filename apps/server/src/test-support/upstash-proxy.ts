/**
 * @module An Upstash-REST-compatible HTTP proxy in front of a real redis-server, so `@vercel/kv` and
 * `@upstash/redis` run offline in tests (platform notes §F.3). Test support only.
 *
 * `POST /` one command, `POST /pipeline` many (in order, not atomic), `POST /multi-exec` many in one
 * `MULTI`/`EXEC` on a connection of its own. Bearer token required (401 otherwise). With
 * `Upstash-Encoding: base64` every string in a result is base64 (UTF-8 bytes as stored); errors are not.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { RespConnection, RespError, type RespReply } from './resp-connection.ts'

/** A running proxy. */
export interface UpstashProxy {
  /** `http://127.0.0.1:<port>`, the REST URL to give the client. */
  readonly url: string
  readonly token: string
  close(): Promise<void>
}

/** Options of {@link startUpstashProxy}. */
export interface UpstashProxyOptions {
  redisPort: number
  redisHost?: string
  /** The Bearer token clients must send. */
  token: string
}

type Command = string[]
type Entry = { result: unknown } | { error: string }

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** Starts the proxy on a free 127.0.0.1 port. */
export async function startUpstashProxy(options: UpstashProxyOptions): Promise<UpstashProxy> {
  const host = options.redisHost ?? '127.0.0.1'
  const shared = await RespConnection.open(options.redisPort, host)
  const openConnection = (): Promise<RespConnection> => RespConnection.open(options.redisPort, host)
  const server = createServer((request, response) => {
    handle(request, response, { token: options.token, shared, openConnection }).catch((error: unknown) =>
      reply(response, 500, { error: `ERR proxy failure: ${String(error)}` }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
      await shared.close()
    },
  }
}

interface Context {
  token: string
  shared: RespConnection
  openConnection: () => Promise<RespConnection>
}

async function handle(request: IncomingMessage, response: ServerResponse, context: Context): Promise<void> {
  if (request.headers.authorization !== `Bearer ${context.token}`) {
    return reply(response, 401, { error: 'Unauthorized' })
  }
  const isBase64 = String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64'
  try {
    const body = await readJson(request)
    const path = new URL(request.url ?? '/', 'http://proxy').pathname
    if (request.method !== 'POST') throw new HttpFailure(405, 'ERR only POST is supported')
    if (path === '/') return reply(response, ...(await single(context.shared, toCommand(body), isBase64)))
    if (path === '/pipeline') return reply(response, 200, await pipeline(context.shared, toCommands(body), isBase64))
    if (path === '/multi-exec') return reply(response, ...(await multiExec(context, toCommands(body), isBase64)))
    throw new HttpFailure(404, `ERR unknown path ${path}`)
  } catch (error) {
    if (!(error instanceof HttpFailure)) throw error
    reply(response, error.status, { error: error.message })
  }
}

async function single(connection: RespConnection, command: Command, isBase64: boolean): Promise<[number, Entry]> {
  const result = await connection.send(command)
  if (result instanceof RespError) return [400, { error: result.message }]
  return [200, { result: toJson(result, isBase64) }]
}

async function pipeline(connection: RespConnection, commands: Command[], isBase64: boolean): Promise<Entry[]> {
  const replies = await Promise.all(commands.map((command) => connection.send(command)))
  return replies.map((result) => toEntry(result, isBase64))
}

async function multiExec(context: Context, commands: Command[], isBase64: boolean): Promise<[number, unknown]> {
  const connection = await context.openConnection()
  try {
    const replies = await Promise.all([['MULTI'], ...commands, ['EXEC']].map((command) => connection.send(command)))
    const exec = replies[replies.length - 1]
    if (exec instanceof RespError) return [400, { error: exec.message }]
    if (!Array.isArray(exec)) return [400, { error: 'ERR transaction aborted' }]
    return [200, exec.map((result) => toEntry(result, isBase64))]
  } finally {
    await connection.close()
  }
}

function toEntry(result: RespReply, isBase64: boolean): Entry {
  return result instanceof RespError ? { error: result.message } : { result: toJson(result, isBase64) }
}

/** Converts a reply to the JSON Upstash sends: strings (base64 when asked), numbers, null, arrays. */
function toJson(result: RespReply, isBase64: boolean): unknown {
  if (result === null || typeof result === 'number') return result
  if (result instanceof RespError) return result.message
  if (Array.isArray(result)) return result.map((item) => toJson(item, isBase64))
  const bytes = typeof result === 'string' ? Buffer.from(result, 'utf8') : result
  return isBase64 ? bytes.toString('base64') : bytes.toString('utf8')
}

function toCommand(body: unknown): Command {
  if (!Array.isArray(body) || body.length === 0 || body.some((arg) => typeof arg === 'object' && arg !== null)) {
    throw new HttpFailure(400, 'ERR a command is a non-empty JSON array of strings and numbers')
  }
  // The SDKs send numbers unquoted; Redis wants every argument as a string.
  return body.map((arg) => String(arg))
}

function toCommands(body: unknown): Command[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new HttpFailure(400, 'ERR a pipeline is a non-empty JSON array of commands')
  }
  return body.map(toCommand)
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    // The cause is the body itself, which the message already names.
    throw new HttpFailure(400, 'ERR the body is not JSON')
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return
  response.writeHead(status, { 'Content-Type': 'application/json' })
  response.end(JSON.stringify(body))
}
