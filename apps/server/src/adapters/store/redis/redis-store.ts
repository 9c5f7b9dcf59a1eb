/**
 * @module RedisStore: the Store port over a Redis server (`REDIS_URL`), for self-hosting at scale.
 */
import { Redis } from 'ioredis'
import { UpstreamError, ValidationError } from '../../../ports/errors.ts'
import type { Store } from '../../../ports/store.ts'
import { createLuaStore } from '../lua/lua-store.ts'
import type { ScriptTransport } from '../lua/lua-script.ts'

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string
  /** Prepended to every Redis key; default `tac:`. */
  keyPrefix?: string
}

const connectTimeoutMs = 5_000

/**
 * Connects to Redis and returns a Store whose operations are atomic Lua scripts (`adapters/store/lua`).
 * Fails fast: the first connection is tried once; later drops are retried with backoff by ioredis.
 * @throws ValidationError `INVALID_REDIS_URL` when `url` is not a redis:// or rediss:// URL.
 * @throws UpstreamError `STORE_UNREACHABLE` when the server does not answer.
 * @example const store = await createRedisStore({ url: 'redis://127.0.0.1:6379' })
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<Store> {
  const where = describeRedisUrl(options.url)
  let hasConnected = false
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt) => (hasConnected ? Math.min(attempt * 100, 1_000) : null),
  })
  reportConnectionErrors(client, where, () => hasConnected)
  try {
    await client.connect()
    hasConnected = true
  } catch (cause) {
    client.disconnect()
    throw new UpstreamError('STORE_UNREACHABLE', `Redis at ${where} did not answer`, { cause })
  }
  return createLuaStore({ kind: 'redis', transport: ioredisTransport(client), keyPrefix: options.keyPrefix })
}

/**
 * Checks a Redis URL and describes it without its credentials, for messages.
 * @throws ValidationError `INVALID_REDIS_URL` when it is not a redis:// or rediss:// URL with a host.
 */
export function describeRedisUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (cause) {
    throw new ValidationError('INVALID_REDIS_URL', 'The Redis URL is not a URL (expected redis://host:port)', {
      cause,
    })
  }
  if ((parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    throw new ValidationError('INVALID_REDIS_URL', 'The Redis URL must look like redis://host:port or rediss://…')
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`
}

/**
 * Logs a lost connection once per outage (ioredis would print every reconnect attempt as an unhandled 'error'
 * event). Commands issued meanwhile fail with UpstreamError; a failed first connection is thrown instead.
 */
function reportConnectionErrors(client: Redis, where: string, hasConnected: () => boolean): void {
  let isReported = false
  client.on('error', (error: Error) => {
    if (!hasConnected() || isReported) return
    isReported = true
    console.warn(`[store] Redis at ${where}: ${error.message}; reconnecting`)
  })
  client.on('ready', () => {
    isReported = false
  })
}

function ioredisTransport(client: Redis): ScriptTransport {
  return {
    evalsha: (sha1, keys, args) => client.evalsha(sha1, keys.length, ...keys, ...args),
    eval: (source, keys, args) => client.eval(source, keys.length, ...keys, ...args),
    ping: async () => (await client.ping()) === 'PONG',
    close: async () => {
      if (client.status === 'end') return
      await client.quit()
    },
  }
}
