/**
 * @module Opens the store adapter the configuration chose (architecture §5–§6). Each adapter is loaded on demand,
 * so a deployment loads only its own client: a KV deployment never loads `better-sqlite3` (a native binary) or
 * `ioredis`, which keeps a serverless function's cold start short.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { StoreConfig } from '../../config.ts'
import type { Store } from '../../ports/store.ts'

/**
 * Opens the configured store: SQLite (creating its folder), Redis or Vercel KV; loads only that adapter's module.
 * @throws the adapter's error when the store cannot be reached.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'sqlite': {
      const { openSqliteStore } = await import('./sqlite/sqlite-store.ts')
      mkdirSync(dirname(config.file), { recursive: true, mode: 0o700 })
      return openSqliteStore({ file: config.file })
    }
    case 'redis': {
      const { createRedisStore } = await import('./redis/redis-store.ts')
      return createRedisStore({ url: config.url })
    }
    case 'kv': {
      const { createKvStore } = await import('./kv/kv-store.ts')
      return createKvStore({ url: config.url, token: config.token })
    }
  }
}
