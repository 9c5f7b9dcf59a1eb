/**
 * @module Starts a throw-away Debian `redis-server` for tests and benchmarks: a free 127.0.0.1 port, no
 * persistence, its own temp dir. Each test file starts its own, so files run in parallel without sharing data.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RespConnection } from './resp-connection.ts'

/** A running redis-server. */
export interface RedisServer {
  readonly host: string
  readonly port: number
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  /** Stops the server and removes its temp dir. */
  stop(): Promise<void>
}

/** Thrown when the redis-server binary is not installed. Tests fail with it; they never skip. */
export const missingRedisMessage =
  'redis-server is not installed: install redis-server: apt-get install -y redis-server'

const startTimeoutMs = 10_000

/**
 * Starts redis-server (`binary`, default `redis-server` from PATH) and resolves once it answers.
 * @throws Error with {@link missingRedisMessage} when the binary is missing, or the server's output when it
 * does not start.
 */
export async function startRedisServer(options: { binary?: string } = {}): Promise<RedisServer> {
  const binary = options.binary ?? 'redis-server'
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'tac-redis-'))
    const port = await freePort()
    try {
      const child = await launch(binary, port, dir)
      return runningServer(child, port, dir)
    } catch (error) {
      await rm(dir, { recursive: true, force: true })
      if (error instanceof Error && error.message === missingRedisMessage) throw error
      // Another process may have taken the port between probing and binding: try a new one.
      lastError = error
    }
  }
  throw lastError
}

function runningServer(child: ChildProcess, port: number, dir: string): RedisServer {
  const killOnExit = (): void => {
    child.kill('SIGKILL')
  }
  process.once('exit', killOnExit)
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      process.off('exit', killOnExit)
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function launch(binary: string, port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let startError: Error | undefined
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.once('error', (error: NodeJS.ErrnoException) => {
    startError = error.code === 'ENOENT' ? new Error(missingRedisMessage) : error
  })
  child.once('exit', (code) => {
    startError ??= new Error(`redis-server exited with ${code}: ${output.trim()}`)
  })
  try {
    await waitUntilServing(port, dir, () => startError)
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  }
  return child
}

/**
 * Polls until the server on `port` answers and is ours (its `dir` is our temp dir: a parallel test file may have
 * won the race for the port); throws the start error as soon as our process has failed.
 */
async function waitUntilServing(port: number, dir: string, failure: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + startTimeoutMs
  const ownDir = await realpath(dir)
  for (;;) {
    const error = failure()
    if (error) throw error
    if ((await servedDir(port)) === ownDir) return
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}: ${failure()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The working dir of the Redis server on `port`, or undefined while nothing answers there. */
async function servedDir(port: number): Promise<string | undefined> {
  let connection: RespConnection
  try {
    connection = await RespConnection.open(port)
  } catch {
    // Not listening yet: the caller polls again.
    return undefined
  }
  const reply = await connection.send(['CONFIG', 'GET', 'dir'])
  await connection.close()
  return Array.isArray(reply) && Buffer.isBuffer(reply[1]) ? reply[1].toString('utf8') : undefined
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}
