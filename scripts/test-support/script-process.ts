/** @module Test support: runs one of the repository's scripts (`npm start`, `npm run dev`) as a child process. */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A port that was free a moment ago (the OS picks it). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.once('error', reject)
  })

/** A script started by {@link startScript}. */
export interface ScriptProcess {
  /** The app server's, the Bitrix24 sandbox's and the Telegram sandbox's ports. */
  ports: { app: number; portal: number; telegram: number }
  /** The data folder it was given (store, app secret). */
  dataDir: string
  /** Everything it has printed so far, stdout and stderr together. */
  output(): string
  /** Its exit code, once it has stopped. */
  exited: Promise<number | null>
  /** Asks it to stop (SIGTERM), as Ctrl+C or a process manager would. */
  stop(): void
}

/**
 * Starts `scripts/<file>` with tsx on three free ports and a fresh data folder (`<dataDirPrefix>…` in the temp
 * folder), with no environment but `PATH`, so a developer's `.env` or shell cannot change what the test sees.
 */
export async function startScript(file: string, dataDirPrefix: string): Promise<ScriptProcess> {
  const ports = { app: await freePort(), portal: await freePort(), telegram: await freePort() }
  const dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix))
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', file)], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: String(ports.app),
      BITRIX24_SANDBOX_PORT: String(ports.portal),
      TELEGRAM_SANDBOX_PORT: String(ports.telegram),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { ports, dataDir, output: () => output, exited, stop: () => void child.kill('SIGTERM') }
}
