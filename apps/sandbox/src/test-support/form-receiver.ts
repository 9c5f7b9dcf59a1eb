/**
 * @module A tiny HTTP receiver for tests: records every request (path, content type, raw body) the
 * sandbox delivers to an app handler, and answers with a chosen status.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string
  path: string
  contentType: string
  body: string
}

/** A running receiver; `url(path)` builds handler URLs on it. */
export interface FormReceiver {
  requests: ReceivedRequest[]
  url: (path: string) => string
  /** Status to answer with (default 200). */
  respondWith: (status: number) => void
  close: () => Promise<void>
}

/** Starts a receiver on 127.0.0.1 and a free port. */
export async function startFormReceiver(): Promise<FormReceiver> {
  const requests: ReceivedRequest[] = []
  let status = 200
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      })
      res.writeHead(status, { 'content-type': 'text/plain' }).end('OK')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    requests,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    respondWith: (next) => void (status = next),
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
