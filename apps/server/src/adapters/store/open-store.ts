/**
 * @module Opens the store adapter the configuration chose (architecture §5–§6).
 */
import type { StoreConfig } from '../../config.ts'
import type { Store } from '../../ports/store.ts'
import { createKvStore } from './kv/kv-store.ts'
import { createRedisStore } from './redis/redis-store.ts'
import { openSqliteStore } from './sqlite/sqlite-store.ts'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Opens the configured store: SQLite (creating its folder), Redis or Vercel KV.
 * @throws the adapter's error when the store cannot be reached.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'sqlite':
      mkdirSync(dirname(config.file), { recursive: true, mode: 0o700 })
      return openSqliteStore({ file: config.file })
    case 'redis':
      return createRedisStore({ url: config.url })
    case 'kv':
      return createKvStore({ url: config.url, token: config.token })
  }
}
