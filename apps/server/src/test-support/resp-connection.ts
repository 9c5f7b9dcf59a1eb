/**
 * @module A minimal RESP2 client over `node:net`, written by hand so replies reach callers untransformed
 * (ioredis reshapes replies by command name, e.g. HGETALL into an object). Test support only.
 */
import { connect, type Socket } from 'node:net'

/** An error reply (`-ERR …`), returned as a value so pipelines can keep per-command errors. */
export class RespError {
  constructor(readonly message: string) {}
}

/** One RESP2 reply: simple string, bulk string (bytes), integer, nil, error, or array of replies. */
export type RespReply = string | Buffer | number | null | RespError | RespReply[]

interface Parsed {
  reply: RespReply
  next: number
}

/** A connection to a Redis server; commands are pipelined and answered in order. */
export class RespConnection {
  private buffer: Buffer = Buffer.alloc(0)
  private readonly pending: { resolve: (reply: RespReply) => void; reject: (error: Error) => void }[] = []
  private closedError: Error | undefined

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.onData(chunk))
    socket.on('error', (error) => this.fail(error))
    socket.on('close', () => this.fail(new Error('The Redis connection closed')))
  }

  /** Opens a connection to `host:port`; rejects when nothing listens there. */
  static open(port: number, host = '127.0.0.1'): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host })
      socket.setNoDelay(true)
      socket.once('error', reject)
      socket.once('connect', () => {
        socket.off('error', reject)
        resolve(new RespConnection(socket))
      })
    })
  }

  /** Sends one command; resolves with its reply (an error reply resolves as a {@link RespError}). */
  send(args: (string | Buffer)[]): Promise<RespReply> {
    if (this.closedError) return Promise.reject(this.closedError)
    const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)]
    for (const arg of args) {
      const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'))
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject })
      this.socket.write(Buffer.concat(parts))
    })
  }

  /** Closes the connection; commands still pending are rejected. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve()
      this.socket.once('close', () => resolve())
      this.socket.end()
    })
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    let offset = 0
    for (;;) {
      const parsed = parseReply(this.buffer, offset)
      if (!parsed) break
      offset = parsed.next
      this.pending.shift()?.resolve(parsed.reply)
    }
    this.buffer = this.buffer.subarray(offset)
  }

  private fail(error: Error): void {
    this.closedError ??= error
    for (const waiter of this.pending.splice(0)) waiter.reject(error)
  }
}

/** Parses one reply at `offset`; undefined when the buffer does not hold all of it yet. */
function parseReply(buffer: Buffer, offset: number): Parsed | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset)
  if (lineEnd < 0) return undefined
  const type = String.fromCharCode(buffer[offset] ?? 0)
  const line = buffer.toString('utf8', offset + 1, lineEnd)
  const next = lineEnd + 2
  switch (type) {
    case '+':
      return { reply: line, next }
    case '-':
      return { reply: new RespError(line), next }
    case ':':
      return { reply: Number(line), next }
    case '$':
      return parseBulk(buffer, Number(line), next)
    case '*':
      return parseArray(buffer, Number(line), next)
    default:
      throw new Error(`Unexpected RESP type byte ${JSON.stringify(type)}`)
  }
}

function parseBulk(buffer: Buffer, length: number, start: number): Parsed | undefined {
  if (length < 0) return { reply: null, next: start }
  if (buffer.length < start + length + 2) return undefined
  return { reply: Buffer.from(buffer.subarray(start, start + length)), next: start + length + 2 }
}

function parseArray(buffer: Buffer, count: number, start: number): Parsed | undefined {
  if (count < 0) return { reply: null, next: start }
  const items: RespReply[] = []
  let next = start
  for (let i = 0; i < count; i++) {
    const parsed = parseReply(buffer, next)
    if (!parsed) return undefined
    items.push(parsed.reply)
    next = parsed.next
  }
  return { reply: items, next }
}
