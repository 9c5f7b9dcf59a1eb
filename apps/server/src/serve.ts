/**
 * @module `npm run serve`: the production self-hosted process. It serves the SPA that `npm run build` left in
 * `apps/web/dist` and the API, starts no sandbox and builds nothing, and refuses to start (one line naming the
 * variable) without the settings a real deployment needs. Several instances may run behind one load balancer
 * when they share one Redis store and one APP_SECRET.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ConfigError, exitOnStartupError, parseConfig, type Config } from './config.ts'
import { startServer, webDistDir, type RunningServer } from './main.ts'

type Environment = Record<string, string | undefined>

/**
 * Checks what a production instance needs beyond a valid configuration: its public address, Bitrix24 and Telegram,
 * the built SPA, and an explicit APP_SECRET when the store is shared (every instance must seal and sign alike).
 * @throws ConfigError naming the first missing setting.
 */
export function requireProductionSettings(config: Config, environment: Environment, spaDir = webDistDir): void {
  if (!environment.APP_URL?.trim() && !environment.WEBHOOK_URL?.trim()) {
    throw new ConfigError('APP_URL', 'is required by npm run serve: the public https address of this deployment')
  }
  if (config.bitrix24.mode === 'none') {
    throw new ConfigError('BITRIX24_CLIENT_ID', 'is required by npm run serve (or BITRIX24_WEBHOOK_URL for one portal)')
  }
  if (!config.telegram) throw new ConfigError('TELEGRAM_BOT_TOKEN', 'is required by npm run serve')
  if (config.store.kind !== 'sqlite' && !config.appSecret) {
    throw new ConfigError(
      'APP_SECRET',
      `is required with the shared ${config.store.kind} store: every instance needs it`,
    )
  }
  if (!existsSync(join(spaDir, 'index.html'))) {
    throw new ConfigError('apps/web/dist', 'holds no built SPA: run npm run build first')
  }
}

/**
 * Starts a production instance from `environment`.
 * @throws ConfigError when a setting is missing or invalid; the store adapter's error when it cannot be opened.
 */
export async function serveProduction(environment: Environment, spaDir = webDistDir): Promise<RunningServer> {
  requireProductionSettings(parseConfig(environment), environment, spaDir)
  return startServer(environment)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (existsSync('.env')) process.loadEnvFile('.env')
  serveProduction(process.env).then((server) => {
    console.log(`Telegram Approval Cloud listens on ${server.url}`)
    const stop = () => void server.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }, exitOnStartupError)
}
