import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appSecretFileName, resolveAppSecret } from './app-secret.ts'
import { ConfigError, parseConfig } from './config.ts'

const tempDir = () => mkdtempSync(join(tmpdir(), 'tac-secret-'))

describe('resolveAppSecret', () => {
  it('creates a secret under DATA_DIR on first start and reuses it on the next', () => {
    const dir = join(tempDir(), 'nested')
    const first = resolveAppSecret(parseConfig({ DATA_DIR: dir }))
    expect(first.appSecret).toMatch(/^[\w-]{43}$/)
    expect(statSync(join(dir, appSecretFileName)).mode & 0o777).toBe(0o600)
    expect(resolveAppSecret(parseConfig({ DATA_DIR: dir })).appSecret).toBe(first.appSecret)
  })

  it('prefers the configured APP_SECRET and writes nothing', () => {
    const dir = tempDir()
    const secret = 's'.repeat(40)
    expect(resolveAppSecret(parseConfig({ DATA_DIR: dir, APP_SECRET: secret })).appSecret).toBe(secret)
    expect(() => readFileSync(join(dir, appSecretFileName))).toThrow()
  })

  it('stops with a ConfigError when the persisted secret was truncated', () => {
    const dir = tempDir()
    writeFileSync(join(dir, appSecretFileName), 'short\n')
    expect(() => resolveAppSecret(parseConfig({ DATA_DIR: dir }))).toThrow(ConfigError)
  })

  it('names DATA_DIR when the folder cannot be written', () => {
    const file = join(tempDir(), 'a-file')
    writeFileSync(file, '')
    expect(() => resolveAppSecret(parseConfig({ DATA_DIR: file }))).toThrow(/^Configuration error: DATA_DIR /)
  })
})
