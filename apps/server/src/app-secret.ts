/**
 * @module Local mode's APP_SECRET: created once under DATA_DIR and read back on every later start, so sealed
 * tokens and signed Telegram buttons stay valid across restarts without any configuration.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, type Config } from './config.ts'

/** The file under DATA_DIR that keeps the generated secret. */
export const appSecretFileName = 'app-secret'

/**
 * Returns `config` with `appSecret` filled in: the configured one, or in local mode the one persisted under
 * `DATA_DIR` (created with 256 random bits on first start, file mode 0600). Two processes starting at once end
 * up with the same secret: the file is created exclusively and the loser reads the winner's.
 * @throws ConfigError when there is no secret and none can be persisted.
 */
export function resolveAppSecret(config: Config): Config & { appSecret: string } {
  if (config.appSecret) return { ...config, appSecret: config.appSecret }
  if (config.runtime !== 'local') throw new ConfigError('APP_SECRET', 'is required')
  const file = join(config.dataDir, appSecretFileName)
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
    try {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const secret = readFileSync(file, 'utf8').trim()
    if (secret.length < 32) throw new ConfigError('APP_SECRET', `in ${file} is shorter than 32 characters`)
    return { ...config, appSecret: secret }
  } catch (error) {
    if (error instanceof ConfigError) throw error
    throw new ConfigError('DATA_DIR', `is not writable, cannot persist APP_SECRET (${(error as Error).message})`)
  }
}
