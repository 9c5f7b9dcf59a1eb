/**
 * @module Configuration: one zod schema over the environment of architecture §5. A bad or missing value becomes a
 * {@link ConfigError} whose message is one line naming the variable and what is wrong (never a secret's value).
 */
import { z } from 'zod'

/** Start-up stopped because of the environment; `message` is one line that names the variable. */
export class ConfigError extends Error {
  readonly variable: string
  constructor(variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`)
    this.name = 'ConfigError'
    this.variable = variable
  }
}

/** Which store adapter runs, and with what. */
export type StoreConfig =
  { kind: 'sqlite'; file: string } | { kind: 'redis'; url: string } | { kind: 'kv'; url: string; token: string }

/** How the app reaches Bitrix24: as an OAuth application, through one portal's webhooks, or not yet at all. */
export type Bitrix24Config =
  | { mode: 'oauth'; clientId: string; clientSecret: string }
  | { mode: 'webhook'; webhookUrl: string; outgoingWebhookToken: string }
  | { mode: 'none' }

/** The validated configuration. */
export interface Config {
  /** `vercel` on Vercel, `local` elsewhere (a Node process with a data folder). */
  runtime: 'local' | 'vercel'
  appUrl: string
  /** Present after {@link resolveAppSecret}; `undefined` only in local mode before it ran. */
  appSecret: string | undefined
  port: number
  dataDir: string
  store: StoreConfig
  bitrix24: Bitrix24Config
  bitrix24OAuthServers: string[]
  /** Where Bitrix24 sends a browser back after "Sign in with Bitrix24" (issue 23). */
  bitrix24CallbackUrl: string
  telegram: { botToken: string; webhookSecret: string | undefined; apiRoot: string } | undefined
  cronSecret: string | undefined
  /** The most approvals one export may hold (`EXPORT_MAX_ROWS`, default 50,000); a larger export is refused. */
  exportMaxRows: number
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional())

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), 'must be an http(s) URL')
  .transform((v) => v.replace(/\/+$/, ''))

const redisUrl = z
  .string()
  .trim()
  .refine((v) => /^rediss?:\/\/[^\s]+$/.test(v) && URL.canParse(v), 'must be a redis:// or rediss:// URL')

const envSchema = z.object({
  APP_URL: opt(httpUrl),
  WEBHOOK_URL: opt(httpUrl),
  APP_SECRET: opt(z.string().min(32, 'must be at least 32 characters long')),
  PORT: opt(
    z.coerce
      .number()
      .int('must be an integer')
      .min(0, 'must be 0–65535 (0 = any free port)')
      .max(65535, 'must be 0–65535 (0 = any free port)'),
  ),
  DATA_DIR: opt(z.string()),
  STORE: opt(z.enum(['sqlite', 'redis', 'kv'], 'must be one of sqlite, redis, kv')),
  REDIS_URL: opt(redisUrl),
  KV_REST_API_URL: opt(httpUrl),
  KV_REST_API_TOKEN: opt(z.string()),
  UPSTASH_REDIS_REST_URL: opt(httpUrl),
  UPSTASH_REDIS_REST_TOKEN: opt(z.string()),
  BITRIX24_CLIENT_ID: opt(z.string().regex(/^[\w.-]+$/, 'must look like local.xxxx.yyyy or app.xxxx')),
  BITRIX24_CLIENT_SECRET: opt(z.string().min(8, 'is too short')),
  BITRIX24_WEBHOOK_URL: opt(
    httpUrl.refine((v) => /\/rest\/\d+\/[^/]+$/.test(v), 'must look like https://<portal>/rest/<user_id>/<code>/'),
  ),
  BITRIX24_OUTGOING_WEBHOOK_TOKEN: opt(z.string().min(8, 'is too short')),
  BITRIX24_OAUTH_SERVERS: opt(z.string()),
  BITRIX24_CALLBACK_URL: opt(httpUrl),
  TELEGRAM_BOT_TOKEN: opt(z.string().regex(/^\d+:[\w-]{20,}$/, 'must look like 123456:ABC… (from @BotFather)')),
  TELEGRAM_WEBHOOK_SECRET: opt(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1–256 characters of A–Z, a–z, 0–9, _ and -'),
  ),
  TELEGRAM_API_ROOT: opt(httpUrl),
  CRON_SECRET: opt(z.string().min(16, 'must be at least 16 characters long')),
  EXPORT_MAX_ROWS: opt(
    z.coerce
      .number()
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'must be at most 1,000,000'),
  ),
  VERCEL: opt(z.string()),
})

type Env = z.infer<typeof envSchema>

/** Prints why start-up failed, in one line, and exits with code 1 (a local process and a Vercel function alike). */
export function exitOnStartupError(error: unknown): never {
  const message = error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error).message}`
  console.error(message)
  process.exit(1)
}

/** The trusted Bitrix24 OAuth servers when `BITRIX24_OAUTH_SERVERS` is not set (architecture §5). */
export const defaultOAuthServers = ['https://oauth.bitrix.info', 'https://oauth.bitrix24.tech']

/**
 * Validates the environment and returns the configuration.
 * @throws ConfigError naming the first variable that is wrong or missing.
 */
export function parseConfig(environment: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(environment)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message)
  }
  const env = parsed.data
  const runtime = env.VERCEL ? 'vercel' : 'local'
  const port = env.PORT ?? 8787
  if (runtime === 'vercel') requireOnVercel(env)
  const appUrl = env.APP_URL ?? env.WEBHOOK_URL ?? `http://localhost:${port}`
  return {
    runtime,
    appUrl,
    appSecret: env.APP_SECRET,
    port,
    dataDir: env.DATA_DIR ?? './.data',
    store: storeConfig(env, runtime),
    bitrix24: bitrix24Config(env),
    bitrix24OAuthServers: oauthServers(env.BITRIX24_OAUTH_SERVERS),
    bitrix24CallbackUrl: env.BITRIX24_CALLBACK_URL ?? `${appUrl}/api/auth/bitrix24/callback`,
    telegram: env.TELEGRAM_BOT_TOKEN
      ? {
          botToken: env.TELEGRAM_BOT_TOKEN,
          webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: env.TELEGRAM_API_ROOT ?? 'https://api.telegram.org',
        }
      : undefined,
    cronSecret: env.CRON_SECRET,
    exportMaxRows: env.EXPORT_MAX_ROWS ?? 50_000,
  }
}

/**
 * On Vercel nothing can be generated and kept on disk, and `/api/cron/tick` is public: the key and the cron's
 * bearer must come from the project's environment.
 */
function requireOnVercel(env: Env): void {
  if (!env.APP_SECRET) throw new ConfigError('APP_SECRET', 'is required on Vercel')
  if (!env.CRON_SECRET) throw new ConfigError('CRON_SECRET', 'is required on Vercel (the bearer of /api/cron/tick)')
}

function storeConfig(env: Env, runtime: Config['runtime']): StoreConfig {
  const kvUrl = env.KV_REST_API_URL ?? env.UPSTASH_REDIS_REST_URL
  const kvToken = env.KV_REST_API_TOKEN ?? env.UPSTASH_REDIS_REST_TOKEN
  const kind = env.STORE ?? (kvUrl ? 'kv' : env.REDIS_URL ? 'redis' : 'sqlite')
  if (kind === 'kv') {
    if (!kvUrl) throw new ConfigError('KV_REST_API_URL', 'is required for the kv store (or UPSTASH_REDIS_REST_URL)')
    if (!kvToken)
      throw new ConfigError('KV_REST_API_TOKEN', 'is required for the kv store (or UPSTASH_REDIS_REST_TOKEN)')
    return { kind, url: kvUrl, token: kvToken }
  }
  if (kind === 'redis') {
    if (!env.REDIS_URL) throw new ConfigError('REDIS_URL', 'is required for the redis store')
    return { kind, url: env.REDIS_URL }
  }
  if (runtime === 'vercel') {
    throw new ConfigError('STORE', 'sqlite cannot run on Vercel: set KV_REST_API_URL/KV_REST_API_TOKEN or REDIS_URL')
  }
  return { kind, file: `${env.DATA_DIR ?? './.data'}/store.sqlite` }
}

function bitrix24Config(env: Env): Bitrix24Config {
  const { BITRIX24_CLIENT_ID: clientId, BITRIX24_CLIENT_SECRET: clientSecret } = env
  if (clientId && !clientSecret) throw new ConfigError('BITRIX24_CLIENT_SECRET', 'is required with BITRIX24_CLIENT_ID')
  if (clientSecret && !clientId) throw new ConfigError('BITRIX24_CLIENT_ID', 'is required with BITRIX24_CLIENT_SECRET')
  if (clientId && clientSecret) return { mode: 'oauth', clientId, clientSecret }
  if (env.BITRIX24_WEBHOOK_URL) {
    if (!env.BITRIX24_OUTGOING_WEBHOOK_TOKEN) {
      throw new ConfigError('BITRIX24_OUTGOING_WEBHOOK_TOKEN', 'is required with BITRIX24_WEBHOOK_URL')
    }
    return {
      mode: 'webhook',
      webhookUrl: env.BITRIX24_WEBHOOK_URL,
      outgoingWebhookToken: env.BITRIX24_OUTGOING_WEBHOOK_TOKEN,
    }
  }
  return { mode: 'none' }
}

function oauthServers(value: string | undefined): string[] {
  if (value === undefined) return defaultOAuthServers
  const servers = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const bad = servers.find((s) => !httpUrl.safeParse(s).success)
  if (servers.length === 0 || bad !== undefined) {
    throw new ConfigError('BITRIX24_OAUTH_SERVERS', 'must be a comma-separated list of http(s) URLs')
  }
  return servers.map((s) => s.replace(/\/+$/, ''))
}
