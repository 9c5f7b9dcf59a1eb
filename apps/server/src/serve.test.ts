import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './config.ts'
import { requireProductionSettings } from './serve.ts'

const builtSpa = mkdtempSync(join(tmpdir(), 'tac-spa-'))
writeFileSync(join(builtSpa, 'index.html'), '<!doctype html><div id="app"></div>')

const production = {
  APP_URL: 'https://approvals.example.com',
  BITRIX24_CLIENT_ID: 'local.abc.def',
  BITRIX24_CLIENT_SECRET: 'client-secret-value',
  TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  APP_SECRET: 'x'.repeat(32),
  REDIS_URL: 'redis://127.0.0.1:6379',
}

function refusal(env: Record<string, string>, spaDir = builtSpa): ConfigError | undefined {
  try {
    requireProductionSettings(parseConfig(env), env, spaDir)
    return undefined
  } catch (error) {
    return error as ConfigError
  }
}

describe('requireProductionSettings', () => {
  it('accepts OAuth or webhook mode with Telegram, and SQLite with a generated APP_SECRET', () => {
    expect(refusal(production)).toBeUndefined()
    const webhook = {
      BITRIX24_WEBHOOK_URL: 'https://a.bitrix24.ru/rest/1/abc',
      BITRIX24_OUTGOING_WEBHOOK_TOKEN: 'token123',
    }
    const { BITRIX24_CLIENT_ID: _id, BITRIX24_CLIENT_SECRET: _secret, ...withoutOAuth } = production
    expect(refusal({ ...withoutOAuth, ...webhook })).toBeUndefined()
    const { APP_SECRET: _key, REDIS_URL: _redis, ...sqlite } = production
    expect(refusal(sqlite)).toBeUndefined()
  })

  it.each([
    [{ APP_URL: '' }, 'APP_URL'],
    [{ BITRIX24_CLIENT_ID: '', BITRIX24_CLIENT_SECRET: '' }, 'BITRIX24_CLIENT_ID'],
    [{ TELEGRAM_BOT_TOKEN: '' }, 'TELEGRAM_BOT_TOKEN'],
    [{ APP_SECRET: '' }, 'APP_SECRET'],
  ])('refuses %j naming %s in one line', (unset, variable) => {
    const error = refusal({ ...production, ...unset })
    expect(error).toBeInstanceOf(ConfigError)
    expect(error!.variable).toBe(variable)
    expect(error!.message).not.toContain('\n')
  })

  it('refuses to start before the SPA is built', () => {
    expect(refusal(production, join(builtSpa, 'missing'))?.message).toMatch(/npm run build/)
  })
})
