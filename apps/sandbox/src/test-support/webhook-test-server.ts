/**
 * @module A tiny HTTP server on 127.0.0.1 for tests and demos: it records every webhook request (headers and
 * body) and hands it to a Node request handler such as telegraf's `bot.webhookCallback(path, { secretToken })`.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the webhook received. */
export interface ReceivedWebhookRequest {
  secretToken: string | undefined
  body: Record<string, unknown>
}

/** A running webhook server. */
export interface WebhookTestServer {
  url: string
  received: ReceivedWebhookRequest[]
  close(): Promise<void>
}

/** A Node request handler; `body` is the parsed JSON body. */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/** Starts a server on a free port that records requests and passes them to `handler`. */
export async function startWebhookTestServer(path: string, handler: WebhookHandler): Promise<WebhookTestServer> {
  const received: ReceivedWebhookRequest[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>
      const secret = req.headers['x-telegram-bot-api-secret-token']
      received.push({ secretToken: Array.isArray(secret) ? secret[0] : secret, body })
      Object.assign(req, { body })
      Promise.resolve(handler(req, res)).catch((error: unknown) => {
        res.statusCode = 500
        res.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
