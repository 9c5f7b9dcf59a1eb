import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAesGcmSecretBox } from '../../crypto/aes-gcm-secret-box.ts'
import { UpstreamError, ValidationError } from '../../../ports/errors.ts'
import { runStoreContract } from '../../../ports/store.contract.ts'
import { tenantKey } from '../../../ports/store.ts'
import { startRedisServer, type RedisServer } from '../../../test-support/redis-server.ts'
import { createRedisStore } from './redis-store.ts'

let redis: RedisServer
let storeCount = 0

beforeAll(async () => {
  redis = await startRedisServer()
})

afterAll(async () => {
  await redis?.stop()
})

// One redis-server per test file; every store gets its own key prefix, so tests never see each other's data.
runStoreContract({
  name: 'redis',
  newStore: () => createRedisStore({ url: redis.url, keyPrefix: `tac:t${++storeCount}:` }),
})

describe('createRedisStore', () => {
  it('refuses a URL that is not redis:// or rediss:// with a ValidationError', async () => {
    await expect(createRedisStore({ url: 'nonsense' })).rejects.toBeInstanceOf(ValidationError)
    await expect(createRedisStore({ url: 'http://127.0.0.1:6379' })).rejects.toThrow(/redis:\/\/host:port/)
  })

  it('fails fast with STORE_UNREACHABLE, without the password, when nothing answers', async () => {
    const started = Date.now()
    const failure = await createRedisStore({ url: 'redis://:hunter2@127.0.0.1:1' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UpstreamError)
    expect(failure).toMatchObject({ code: 'STORE_UNREACHABLE', message: 'Redis at redis://127.0.0.1:1 did not answer' })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('reports a server that went away as UpstreamError STORE_UNAVAILABLE, for ping and operations', async () => {
    const doomed = await startRedisServer()
    const store = await createRedisStore({ url: doomed.url })
    expect(await store.ping()).toBe(true)
    await doomed.stop()
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' })
    await expect(store.get(tenantKey('gone', 'approval', '1'))).rejects.toBeInstanceOf(UpstreamError)
    await store.close()
  })

  it('writes every key under the default prefix tac:, tagged by kind, in the database of the URL', async () => {
    // Database 1: the contract's stores use database 0 (with prefixes tac:t<n>:).
    const store = await createRedisStore({ url: `${redis.url}/1` })
    const plain = new Redis(`${redis.url}/1`)
    try {
      await store.put(tenantKey('layout', 'approval', '1'), { n: 1 })
      await store.increment(tenantKey('layout', 'rate'))
      await store.indexAdd(tenantKey('layout', 'by-status'), 'a1', 1)
      await store.enqueue(tenantKey('layout', 'reminders'), { id: 'r1', payload: 1, dueAt: 1 })
      expect((await plain.keys('tac:*')).sort()).toEqual([
        'tac:c:p:layout:rate',
        'tac:d:p:layout:approval:1',
        'tac:i:p:layout:by-status',
        'tac:j:p:layout:reminders',
        'tac:q:p:layout:reminders',
        'tac:queues',
      ])
      expect(await plain.hgetall('tac:d:p:layout:approval:1')).toEqual({ v: '1', d: '{"n":1}' })
    } finally {
      plain.disconnect()
      await store.close()
    }
  })

  it('a stored secret does not appear in plaintext in the Redis value', async () => {
    const box = createAesGcmSecretBox('an-app-secret-of-at-least-32-characters!')
    const accessToken = 'b24-access-token-4f9c2e7a1d'
    const store = await createRedisStore({ url: redis.url, keyPrefix: 'tac:secret:' })
    const plain = new Redis(redis.url)
    try {
      const key = tenantKey('secret', 'oauth')
      await store.put(key, { memberId: 'secret', accessToken: box.seal(accessToken) })
      const raw = await plain.hgetall('tac:secret:d:p:secret:oauth')
      expect(raw.d).toContain('"memberId":"secret"')
      expect(JSON.stringify(raw)).not.toContain(accessToken)
      const stored = await store.get<{ accessToken: string }>(key)
      expect(box.open(stored!.value.accessToken)).toBe(accessToken)
    } finally {
      plain.disconnect()
      await store.close()
    }
  })
})
