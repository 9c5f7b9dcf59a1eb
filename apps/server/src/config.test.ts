import { describe, expect, it } from 'vitest'
import { ConfigError, defaultOAuthServers, parseConfig } from './config.ts'

const configError = (env: Record<string, string>) => {
  try {
    parseConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('defaults to local mode, SQLite under ./.data, port 8787 and the public OAuth servers', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({
      runtime: 'local',
      appUrl: 'http://localhost:8787',
      port: 8787,
      dataDir: './.data',
      store: { kind: 'sqlite', file: './.data/store.sqlite' },
      bitrix24: { mode: 'none' },
      bitrix24OAuthServers: defaultOAuthServers,
      telegram: undefined,
    })
  })

  it.each([
    [{ STORE: 'kv' }, 'KV_REST_API_URL'],
    [{ STORE: 'kv', KV_REST_API_URL: 'https://kv.example.com' }, 'KV_REST_API_TOKEN'],
    [{ REDIS_URL: 'nonsense' }, 'REDIS_URL'],
    [{ STORE: 'redis' }, 'REDIS_URL'],
    [{ STORE: 'mongo' }, 'STORE'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ APP_URL: 'localhost:8787' }, 'APP_URL'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET'],
    [{ BITRIX24_CLIENT_ID: 'local.1.2' }, 'BITRIX24_CLIENT_SECRET'],
    [{ BITRIX24_WEBHOOK_URL: 'https://a.bitrix24.ru/rest/1/abc' }, 'BITRIX24_OUTGOING_WEBHOOK_TOKEN'],
    [{ BITRIX24_WEBHOOK_URL: 'https://a.bitrix24.ru/crm/' }, 'BITRIX24_WEBHOOK_URL'],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN'],
    [{ TELEGRAM_WEBHOOK_SECRET: 'has spaces' }, 'TELEGRAM_WEBHOOK_SECRET'],
    [{ BITRIX24_OAUTH_SERVERS: 'ftp://x, ' }, 'BITRIX24_OAUTH_SERVERS'],
    [{ VERCEL: '1', KV_REST_API_URL: 'https://kv.example.com', KV_REST_API_TOKEN: 't' }, 'APP_SECRET'],
    [
      { VERCEL: '1', KV_REST_API_URL: 'https://kv.example.com', KV_REST_API_TOKEN: 't', APP_SECRET: 'x'.repeat(32) },
      'CRON_SECRET',
    ],
    [{ VERCEL: '1', APP_SECRET: 'x'.repeat(32), CRON_SECRET: 'c'.repeat(16) }, 'STORE'],
  ])('rejects %j naming %s in one line', (env, variable) => {
    const error = configError(env)
    expect(error.variable).toBe(variable)
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} \\S`))
    expect(error.message).not.toContain('\n')
  })

  it('never echoes a secret value in the message', () => {
    const error = configError({ APP_SECRET: 'hunter2-secret' })
    expect(error.message).not.toContain('hunter2')
  })

  it('picks KV from either variable family, then Redis, and honours STORE', () => {
    expect(parseConfig({ KV_REST_API_URL: 'https://kv.example.com/', KV_REST_API_TOKEN: 't' }).store).toEqual({
      kind: 'kv',
      url: 'https://kv.example.com',
      token: 't',
    })
    expect(
      parseConfig({ UPSTASH_REDIS_REST_URL: 'https://u.example.com', UPSTASH_REDIS_REST_TOKEN: 'u' }).store,
    ).toEqual({ kind: 'kv', url: 'https://u.example.com', token: 'u' })
    expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0' }).store).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379/0',
    })
    expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379', STORE: 'sqlite', DATA_DIR: '/tmp/x' }).store).toEqual({
      kind: 'sqlite',
      file: '/tmp/x/store.sqlite',
    })
  })

  it('reads the connection modes and Telegram settings', () => {
    const oauth = parseConfig({ BITRIX24_CLIENT_ID: 'local.abc.123', BITRIX24_CLIENT_SECRET: 'secret-secret' })
    expect(oauth.bitrix24).toEqual({ mode: 'oauth', clientId: 'local.abc.123', clientSecret: 'secret-secret' })
    const webhook = parseConfig({
      BITRIX24_WEBHOOK_URL: 'https://a.bitrix24.ru/rest/1/abc123/',
      BITRIX24_OUTGOING_WEBHOOK_TOKEN: 'outgoing-token',
    })
    expect(webhook.bitrix24).toEqual({
      mode: 'webhook',
      webhookUrl: 'https://a.bitrix24.ru/rest/1/abc123',
      outgoingWebhookToken: 'outgoing-token',
    })
    const telegram = parseConfig({
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      WEBHOOK_URL: 'https://x.io',
    })
    expect(telegram.telegram).toEqual({
      botToken: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      webhookSecret: undefined,
      apiRoot: 'https://api.telegram.org',
    })
    expect(telegram.appUrl).toBe('https://x.io')
  })

  it('treats empty values as unset, as in a copied .env.example', () => {
    expect(parseConfig({ APP_URL: '', STORE: '', REDIS_URL: ' ', PORT: '' }).store.kind).toBe('sqlite')
  })
})
