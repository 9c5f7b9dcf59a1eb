import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UpstreamError, ValidationError } from '../../../ports/errors.ts'
import { runStoreContract } from '../../../ports/store.contract.ts'
import { tenantKey } from '../../../ports/store.ts'
import { startRedisServer, type RedisServer } from '../../../test-support/redis-server.ts'
import { startUpstashProxy, type UpstashProxy } from '../../../test-support/upstash-proxy.ts'
import { createKvStore } from './kv-store.ts'

const token = 'kv-test-token'
let redis: RedisServer
let proxy: UpstashProxy
let storeCount = 0

beforeAll(async () => {
  redis = await startRedisServer()
  proxy = await startUpstashProxy({ redisPort: redis.port, token })
})

afterAll(async () => {
  await proxy?.close()
  await redis?.stop()
})

// @vercel/kv over the Upstash REST protocol, through the in-repo proxy in front of a real redis-server.
runStoreContract({
  name: 'kv',
  newStore: () => createKvStore({ url: proxy.url, token, keyPrefix: `tac:t${++storeCount}:` }),
})

describe('createKvStore', () => {
  it('refuses a URL that is not http(s) or an empty token with a ValidationError', () => {
    expect(() => createKvStore({ url: 'redis://127.0.0.1:6379', token })).toThrow(ValidationError)
    expect(() => createKvStore({ url: 'https://example.upstash.io', token: ' ' })).toThrow(ValidationError)
  })

  it('maps a refused token to UpstreamError, also for ping', async () => {
    const store = createKvStore({ url: proxy.url, token: 'wrong-token' })
    await expect(store.get(tenantKey('kv', 'approval', '1'))).rejects.toBeInstanceOf(UpstreamError)
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' })
  })

  it('round-trips values that look like base64, numbers or JSON literals as the same JSON values', async () => {
    const store = createKvStore({ url: proxy.url, token, keyPrefix: 'tac:values:' })
    const values = ['test', 'T0s=', '123', 'null', 'true', 'OK', '', 'Привет ✓', 123, 0.1, null, false, [], {}]
    for (const [i, value] of values.entries()) {
      const key = tenantKey('kv', 'value', String(i))
      await store.put(key, value)
      expect((await store.get(key))?.value).toEqual(value)
    }
  })
})
