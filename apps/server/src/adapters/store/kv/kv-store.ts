/**
 * @module KvStore: the Store port over Vercel KV / Upstash Redis, reached through the Upstash REST API.
 */
import { createClient } from '@vercel/kv'
import { ValidationError } from '../../../ports/errors.ts'
import type { Store } from '../../../ports/store.ts'
import { createLuaStore } from '../lua/lua-store.ts'
import type { ScriptTransport } from '../lua/lua-script.ts'

/** Options of {@link createKvStore}. */
export interface KvStoreOptions {
  /** The REST URL: `KV_REST_API_URL` or `UPSTASH_REDIS_REST_URL`. */
  url: string
  /** The REST token: `KV_REST_API_TOKEN` or `UPSTASH_REDIS_REST_TOKEN`. */
  token: string
  /** Prepended to every Redis key; default `tac:`. */
  keyPrefix?: string
}

/**
 * Returns a Store over the Upstash REST API whose operations are atomic Lua scripts (`adapters/store/lua`).
 * No connection is opened here (REST is stateless); `ping()` checks that the service answers.
 *
 * The client runs with `automaticDeserialization: false`, so script replies arrive exactly as Redis sent them
 * and the stored JSON is parsed by the Store only once; auto-pipelining (on in `createClient`) merges
 * concurrent calls into one `/pipeline` request.
 * @throws ValidationError `INVALID_KV_CONFIG` when the URL is not http(s) or the token is empty.
 * @see https://upstash.com/docs/redis/features/restapi
 */
export function createKvStore(options: KvStoreOptions): Store {
  if (!/^https?:\/\/[^\s/?#]+/.test(options.url)) {
    throw new ValidationError('INVALID_KV_CONFIG', 'The KV REST URL must be an http(s) URL')
  }
  if (options.token.trim() === '') throw new ValidationError('INVALID_KV_CONFIG', 'The KV REST token is empty')
  const client = createClient({ url: options.url, token: options.token, automaticDeserialization: false })
  const transport: ScriptTransport = {
    evalsha: (sha1, keys, args) => client.evalsha(sha1, keys, args),
    eval: (source, keys, args) => client.eval(source, keys, args),
    ping: async () => (await client.ping()) === 'PONG',
    // REST holds no connection open.
    close: async () => undefined,
  }
  return createLuaStore({ kind: 'kv', transport, keyPrefix: options.keyPrefix })
}
