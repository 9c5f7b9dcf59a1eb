/**
 * Reading a Drive file downloads only from the portal's own host: a `DOWNLOAD_URL` (or a redirect) naming another
 * host is refused before any request to it, and a body larger than allowed is cut off whatever `SIZE` claimed.
 * A local HTTP server plays the portal's download address.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UpstreamError } from '../../ports/errors.ts'
import { createB24Drive } from './b24-drive.ts'
import type { RestClient } from './b24-rest.ts'

let server: Server
let host: string
const hits: string[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '')
    if (request.url === '/away') return void response.writeHead(302, { location: 'http://169.254.169.254/meta' }).end()
    if (request.url === '/hop') return void response.writeHead(302, { location: '/file' }).end()
    if (request.url === '/huge') return void response.end(Buffer.alloc(5_000, 1))
    response.end('hello')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** The files facet over a portal whose `disk.file.get` names `url` and claims `size` bytes. */
function driveNaming(url: string, size = 5) {
  const rest = { call: async () => ({ NAME: 'a.txt', TYPE: 'file', SIZE: size, DOWNLOAD_URL: url }) }
  return createB24Drive(rest as unknown as RestClient, host)
}

describe('Drive downloads', () => {
  it('reads a file from the portal, following a redirect within it', async () => {
    const file = await driveNaming(`http://${host}/hop`).download(1, 100)
    expect(Buffer.from(file.bytes!).toString()).toBe('hello')
  })

  it('refuses another host, a redirect to one and another scheme, without requesting them', async () => {
    for (const url of ['http://169.254.169.254/meta', `http://${host}/away`, `ftp://${host}/file`]) {
      await expect(driveNaming(url).download(1, 100)).rejects.toBeInstanceOf(UpstreamError)
    }
    expect(hits.filter((path) => path === '/meta')).toEqual([])
  })

  it('cuts off a body larger than allowed although its SIZE claimed less', async () => {
    const file = await driveNaming(`http://${host}/huge`, 10).download(1, 1_000)
    expect(file.bytes).toBeNull()
  })
})
