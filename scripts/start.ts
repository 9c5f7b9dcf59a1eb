/**
 * @module `npm start`: the app server, plus the offline sandboxes for whatever is not configured. With no
 * Bitrix24 settings the sandbox portal runs on 8788 with the app registered as a local application, and the app
 * server trusts the sandbox's OAuth server (and only it); with no Telegram token the sandbox Bot API runs on 8789
 * and the app server uses it as `TELEGRAM_API_ROOT`. Real settings always win; nothing here is product code.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createBitrix24Sandbox, createTelegramSandbox } from '../apps/sandbox/src/index.ts'
import { exitOnStartupError } from '../apps/server/src/config.ts'
import { startServer, type StartOptions } from '../apps/server/src/main.ts'
import { setupTelegram } from './telegram-setup.ts'

type Env = Record<string, string | undefined>

/** Something `npm start` runs and stops. */
interface Running {
  name: string
  url: string
  note: string
  close(): Promise<void>
}

const isSet = (value: string | undefined) => value !== undefined && value.trim() !== ''

/** Starts the sandbox portal when Bitrix24 is not configured, and points the app server's settings at it. */
async function startBitrix24Sandbox(env: Env, appUrl: string): Promise<Running | null> {
  if (isSet(env.BITRIX24_CLIENT_ID) || isSet(env.BITRIX24_WEBHOOK_URL)) return null
  const sandbox = await createBitrix24Sandbox({
    port: Number(env.BITRIX24_SANDBOX_PORT ?? 8788),
    appUrl,
    snapshotFile: join(env.DATA_DIR ?? './.data', 'sandbox-bitrix24.json'),
  })
  env.BITRIX24_CLIENT_ID = sandbox.app.clientId
  env.BITRIX24_CLIENT_SECRET = sandbox.app.clientSecret
  env.BITRIX24_OAUTH_SERVERS = sandbox.oauthServerUrl
  return {
    name: 'Bitrix24 sandbox portal',
    url: sandbox.url,
    note: 'open it, then Local application → Install',
    close: () => sandbox.close(),
  }
}

/** Starts the sandbox Bot API when no bot token is configured, and points the app server's settings at it. */
async function startTelegramSandbox(env: Env): Promise<Running | null> {
  if (isSet(env.TELEGRAM_BOT_TOKEN)) return null
  const sandbox = await createTelegramSandbox({ port: Number(env.TELEGRAM_SANDBOX_PORT ?? 8789) })
  env.TELEGRAM_BOT_TOKEN = sandbox.botToken
  env.TELEGRAM_API_ROOT = sandbox.apiRoot
  env.TELEGRAM_WEBHOOK_SECRET ??= randomBytes(24).toString('base64url')
  return {
    name: 'Telegram sandbox',
    url: sandbox.url,
    note: `phone view of the simulated approvers; bot @${sandbox.botUsername}`,
    close: () => sandbox.close(),
  }
}

/** Starts everything and returns the running parts, app server last; `options` say how it serves the SPA. */
export async function startAll(environment: Env, options: StartOptions = {}): Promise<Running[]> {
  const env: Env = { ...environment }
  const port = Number(env.PORT ?? 8787)
  const appUrl = env.APP_URL ?? env.WEBHOOK_URL ?? `http://localhost:${port}`
  const running: Running[] = []
  try {
    const portal = await startBitrix24Sandbox(env, appUrl)
    if (portal) running.push(portal)
    const telegram = await startTelegramSandbox(env)
    if (telegram) running.push(telegram)
    const server = await startServer(env, options)
    running.push({ name: 'App server', url: server.url, note: 'health: /api/health', close: server.close })
    // The sandbox Bot API delivers updates only once a webhook is set: point it at this server.
    if (telegram) await setupTelegram(env)
    return running
  } catch (error) {
    await Promise.allSettled(running.map((part) => part.close()))
    throw error
  }
}

function printWhereToClick(running: Running[]): void {
  const width = Math.max(...running.map((part) => part.name.length))
  console.log('\nTelegram Approval Cloud is running:\n')
  for (const part of [...running].reverse()) {
    console.log(`  ${part.name.padEnd(width)}  ${part.url.padEnd(24)}  ${part.note}`)
  }
  console.log('\nStop with Ctrl+C.\n')
}

/** Reads `.env`, starts everything, prints where to click and stops on Ctrl+C or SIGTERM (`npm start`, `npm run dev`). */
export function runFromCommandLine(options: StartOptions = {}, footnote = ''): void {
  if (existsSync('.env')) process.loadEnvFile('.env')
  startAll(process.env, options)
    .then((running) => {
      printWhereToClick(running)
      if (footnote) console.log(`${footnote}\n`)
      const stop = () => {
        Promise.allSettled(running.map((part) => part.close())).then(() => process.exit(0))
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    .catch(exitOnStartupError)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runFromCommandLine()
