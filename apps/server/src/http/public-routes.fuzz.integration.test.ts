/**
 * No input makes any public route answer 5xx: a property-based run over every route the app mounts, with random
 * methods, paths, credentials, media types and bodies (broken multipart, deep JSON, random JSON and forms among
 * them), against the composition root wired to the Bitrix24 and Telegram sandboxes.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTelegramStack, testWebhookSecret, type TelegramStack } from '../test-support/telegram-stack.ts'

const cronSecret = 'cron-secret-0123456789'
let stack: TelegramStack
let validToken: string

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true, env: { CRON_SECRET: cronSecret } })
  validToken = stack.b24!.issueTokens(1).access_token
})
afterAll(async () => {
  await stack.server.drain()
  await stack.close()
})

/** Every route the app mounts, as `[method, path pattern]`. */
function publicRoutes(): [string, string][] {
  const seen = new Set<string>()
  for (const route of stack.server.app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue
    seen.add(`${route.method} ${route.path}`)
  }
  return [...seen].map((entry) => entry.split(' ') as [string, string])
}

const segment = fc.oneof(
  fc.stringMatching(/^[0-9A-Z]{26}$/),
  fc.stringMatching(/^[0-9]{1,12}$/),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('..', '%00', '%ZZ', '-1', '1e9', 'null'),
)

const deepJson = fc.integer({ min: 1, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n))
const brokenMultipart = fc
  .string({ maxLength: 200 })
  .map((tail) => `--x\r\nContent-Disposition: form-data; name="member_id"\r\n\r\n${tail}`)
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)),
  fc
    .record({ update_id: fc.integer({ min: 0 }), callback_query: fc.jsonValue({ maxDepth: 4 }) })
    .map((v) => JSON.stringify(v)),
  deepJson,
  brokenMultipart,
  fc.string({ maxLength: 300 }),
  fc
    .array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })), { maxLength: 8 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}[${k}]=${encodeURIComponent(v)}`).join('&')),
)
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'text/plain',
  'application/json; charset=utf-8',
  '%%garbage',
)

/** One arbitrary request against one of `routes`. */
function requestArbitrary(routes: [string, string][]) {
  return fc.record({
    route: fc.constantFrom(...routes),
    otherMethod: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), { freq: 4 }),
    params: fc.array(segment, { minLength: 4, maxLength: 4 }),
    query: fc.option(fc.string({ maxLength: 60 }), { freq: 3 }),
    body,
    contentType,
    auth: fc.constantFrom('none', 'random', 'valid', 'cron'),
    memberId: fc.constantFrom('none', 'random', 'real'),
    telegramSecret: fc.constantFrom('none', 'right', 'wrong'),
    idempotencyKey: fc.option(fc.string({ maxLength: 80 }), { freq: 3 }),
    randomToken: fc.oneof(
      fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty'),
      fc.string({ minLength: 1, maxLength: 64 }).filter((s) => /^\S+$/.test(s)),
    ),
  })
}

type FuzzRequest = ReturnType<typeof requestArbitrary> extends fc.Arbitrary<infer T> ? T : never

function toRequest(input: FuzzRequest): [string, RequestInit] {
  const [routeMethod, pattern] = input.route
  let index = 0
  const path = pattern.replace(/:[A-Za-z]+/g, () => input.params[index++ % input.params.length]!)
  const method = input.otherMethod ?? routeMethod
  const headers: Record<string, string> = {}
  if (input.contentType) headers['content-type'] = input.contentType
  if (input.auth === 'random') headers['authorization'] = `Bearer ${input.randomToken}`
  if (input.auth === 'valid') headers['authorization'] = `Bearer ${validToken}`
  if (input.auth === 'cron') headers['authorization'] = `Bearer ${cronSecret}`
  if (input.memberId === 'random') headers['x-b24-member-id'] = input.randomToken.slice(0, 40)
  if (input.memberId === 'real') headers['x-b24-member-id'] = stack.b24!.memberId
  if (input.telegramSecret !== 'none') {
    headers['x-telegram-bot-api-secret-token'] = input.telegramSecret === 'right' ? testWebhookSecret : 'wrong'
  }
  if (input.idempotencyKey !== null) headers['idempotency-key'] = input.idempotencyKey
  const hasBody = input.body !== undefined && method !== 'GET' && method !== 'HEAD'
  const query = input.query === null ? '' : `?${input.query}`
  return [`${path}${query}`, { method, headers, ...(hasBody ? { body: input.body } : {}) }]
}

describe('every public route', () => {
  it('answers random input with a status below 500', { timeout: 240_000 }, async () => {
    const routes = publicRoutes()
    expect(routes.length).toBeGreaterThan(20)
    const failures: string[] = []
    let requests = 0
    await fc.assert(
      fc.asyncProperty(requestArbitrary(routes), async (input) => {
        const [url, init] = toRequest(input)
        const response = await stack.server.app.request(url, init)
        requests += 1
        await response.arrayBuffer()
        if (response.status >= 500) failures.push(`${init.method} ${url} → ${response.status}`)
        return response.status < 500
      }),
      { numRuns: 3000, seed: Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31) },
    )
    await stack.server.drain()
    console.info(`public routes fuzz: ${requests} requests over ${routes.length} routes, ${failures.length} ≥ 500`)
    expect(failures).toEqual([])
  })
})
