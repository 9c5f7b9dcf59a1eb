import { createClient } from '@vercel/kv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from './redis-server.ts'
import { startUpstashProxy, type UpstashProxy } from './upstash-proxy.ts'

const token = 'proxy-test-token'
let redis: RedisServer
let proxy: UpstashProxy

beforeAll(async () => {
  redis = await startRedisServer()
  proxy = await startUpstashProxy({ redisPort: redis.port, token })
})

afterAll(async () => {
  await proxy?.close()
  await redis?.stop()
})

/** Posts `body` to the proxy the way the Upstash SDK does. */
async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${proxy.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as unknown }
}

describe('Upstash REST proxy', () => {
  it('answers 401 without the Bearer token or with a wrong one, on every path', async () => {
    for (const path of ['/', '/pipeline', '/multi-exec']) {
      const missing = await fetch(`${proxy.url}${path}`, { method: 'POST', body: '["PING"]' })
      expect(missing.status).toBe(401)
      const wrong = await post(path, ['PING'], { Authorization: 'Bearer nope' })
      expect(wrong).toEqual({ status: 401, body: { error: 'Unauthorized' } })
    }
  })

  it('runs one command at POST /, stringifying numeric arguments', async () => {
    expect(await post('/', ['SET', 'proxy:n', 41])).toEqual({ status: 200, body: { result: 'OK' } })
    expect(await post('/', ['INCRBY', 'proxy:n', 1])).toEqual({ status: 200, body: { result: 42 } })
    expect(await post('/', ['GET', 'proxy:missing'])).toEqual({ status: 200, body: { result: null } })
  })

  it('base64-encodes every string result under Upstash-Encoding: base64, and only then', async () => {
    await post('/', ['SET', 'proxy:text', 'Привет'])
    const encoded = await post('/', ['GET', 'proxy:text'], { 'Upstash-Encoding': 'base64' })
    expect(encoded.body).toEqual({ result: Buffer.from('Привет').toString('base64') })
    expect(await post('/', ['GET', 'proxy:text'])).toEqual({ status: 200, body: { result: 'Привет' } })
    await post('/', ['RPUSH', 'proxy:list', 'a', 'bc'])
    const list = await post('/', ['LRANGE', 'proxy:list', 0, -1], { 'Upstash-Encoding': 'base64' })
    expect(list.body).toEqual({ result: ['YQ==', 'YmM='] })
  })

  it('maps a command error to 400 {error} at /, and keeps errors per command in a 200 pipeline', async () => {
    await post('/', ['SET', 'proxy:word', 'v'])
    expect(await post('/', ['INCR', 'proxy:word'])).toEqual({
      status: 400,
      body: { error: 'ERR value is not an integer or out of range' },
    })
    const piped = await post('/pipeline', [
      ['SET', 'proxy:p', 'v'],
      ['INCR', 'proxy:p'],
      ['GET', 'proxy:p'],
    ])
    expect(piped).toEqual({
      status: 200,
      body: [{ result: 'OK' }, { error: 'ERR value is not an integer or out of range' }, { result: 'v' }],
    })
  })

  it('runs /multi-exec atomically on a connection of its own, also when requests overlap', async () => {
    await post('/', ['SET', 'proxy:counter', 0])
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('/multi-exec', [
          ['INCR', 'proxy:counter'],
          ['GET', 'proxy:counter'],
        ]),
      ),
    )
    for (const { status, body } of results) {
      expect(status).toBe(200)
      const [incr, get] = body as [{ result: number }, { result: string }]
      expect(String(incr.result)).toBe(get.result)
    }
    expect(await post('/', ['GET', 'proxy:counter'])).toEqual({ status: 200, body: { result: '20' } })
    expect((await post('/multi-exec', [['NOSUCHCOMMAND']])).status).toBe(400)
  })

  it('serves @vercel/kv: JSON values, hset/hgetall, zrange with scores, eval, base64-looking strings', async () => {
    const kv = createClient({ url: proxy.url, token })
    await kv.set('proxy:kv:json', { title: 'Счёт', amount: 1.5 })
    expect(await kv.get('proxy:kv:json')).toEqual({ title: 'Счёт', amount: 1.5 })
    await kv.set('proxy:kv:plain', 'test')
    expect(await kv.get('proxy:kv:plain')).toBe('test')
    await kv.hset('proxy:kv:hash', { a: 1, b: 'x', c: 'Привет' })
    expect(await kv.hgetall('proxy:kv:hash')).toEqual({ a: 1, b: 'x', c: 'Привет' })
    await kv.zadd('proxy:kv:z', { score: 2, member: 'two' }, { score: 1, member: 'one' })
    expect(await kv.zrange('proxy:kv:z', 0, -1, { withScores: true })).toEqual(['one', 1, 'two', 2])
    expect(await kv.eval('return {KEYS[1], ARGV[1], 7}', ['k'], ['a'])).toEqual(['k', 'a', 7])
    const [first, second] = await Promise.all([kv.incr('proxy:kv:n'), kv.incr('proxy:kv:n')])
    expect([first, second].sort()).toEqual([1, 2])
  })
})
