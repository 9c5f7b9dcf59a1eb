import { describe, expect, it } from 'vitest'
import { ApiError, createApiClient, createAuthedFetch, readJson, type AuthSource } from './client.ts'

interface Seen {
  url: string
  authorization: string | null
  memberId: string | null
  body: string | null
}

/** A fetch that answers with the server's real envelopes and records what it received. */
function serverStub(answers: Array<{ status: number; body: unknown }>) {
  const seen: Seen[] = []
  const stub: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers)
    seen.push({
      url: String(input),
      authorization: headers.get('authorization'),
      memberId: headers.get('x-b24-member-id'),
      body: typeof init?.body === 'string' ? init.body : null,
    })
    const answer = answers.shift() ?? { status: 500, body: { error: { code: 'INTERNAL', message: 'no answer left' } } }
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    })
  }
  return { stub, seen }
}

function authSource() {
  let token = 'token-1'
  let refreshes = 0
  const source: AuthSource = {
    auth: () => ({ accessToken: token, memberId: 'member-a' }),
    refreshAuth: async () => {
      refreshes += 1
      token = `token-${refreshes + 1}`
      return source.auth()
    },
  }
  return { source, refreshes: () => refreshes }
}

const expired = { status: 401, body: { error: { code: 'INVALID_TOKEN', message: 'The portal refused the token' } } }

describe('createAuthedFetch', () => {
  it('sends the frame token as Bearer and the member_id header', async () => {
    const { stub, seen } = serverStub([{ status: 200, body: { ok: true } }])
    const { source } = authSource()
    await createAuthedFetch(source, stub)('http://app.test/api/app/me')
    expect(seen).toEqual([expect.objectContaining({ authorization: 'Bearer token-1', memberId: 'member-a' })])
  })

  it('waits out a 429 with a short Retry-After and replays the request, but not a long one', async () => {
    const throttled = { status: 429, body: { error: { code: 'VERIFICATION_THROTTLED', message: 'Try again' } } }
    const { stub, seen } = serverStub([throttled, throttled, { status: 200, body: { ok: true } }])
    const waits: number[] = []
    const authed = createAuthedFetch(authSource().source, stub, async (ms) => void waits.push(ms))
    const response = await authed('http://app.test/api/app/me')
    expect(response.status).toBe(200)
    expect(seen).toHaveLength(3)
    expect(waits).toEqual([1000, 1000])
    const long = createAuthedFetch(
      authSource().source,
      async () => new Response('{}', { status: 429, headers: { 'retry-after': '60' } }),
    )
    expect((await long('http://app.test/api/app/me')).status).toBe(429)
  })

  it('on 401 refreshes the token once and replays the request with its body', async () => {
    const { stub, seen } = serverStub([expired, { status: 201, body: { id: 'A1' } }])
    const { source, refreshes } = authSource()
    const response = await createAuthedFetch(source, stub)('http://app.test/api/app/approvals', {
      method: 'POST',
      body: '{"title":"Buy"}',
    })
    expect(response.status).toBe(201)
    expect(refreshes()).toBe(1)
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer token-1', 'Bearer token-2'])
    expect(seen.map((s) => s.body)).toEqual(['{"title":"Buy"}', '{"title":"Buy"}'])
  })

  it('retries only once: a second 401 is returned to the caller', async () => {
    const { stub, seen } = serverStub([expired, expired, { status: 200, body: {} }])
    const { source, refreshes } = authSource()
    const response = await createAuthedFetch(source, stub)('http://app.test/api/app/me')
    expect(response.status).toBe(401)
    expect(refreshes()).toBe(1)
    expect(seen).toHaveLength(2)
  })
})

describe('createApiClient + readJson', () => {
  it('reads a typed answer from the app API', async () => {
    const me = { user: { id: 1, name: 'Анна', isAdmin: true }, portal: {}, connection: { status: 'active' } }
    const { stub, seen } = serverStub([{ status: 200, body: me }])
    const client = createApiClient(authSource().source, { baseUrl: 'http://app.test', fetch: stub })
    const answer = await readJson(client.api.app.me.$get())
    expect(answer.user.name).toBe('Анна')
    expect(seen[0]?.url).toBe('http://app.test/api/app/me')
  })

  it('turns the error envelope into an ApiError with code, status and message', async () => {
    const body = { error: { code: 'ALREADY_DECIDED', message: 'You already answered', details: { seat: 3 } } }
    const { stub } = serverStub([{ status: 409, body }])
    const client = createApiClient(authSource().source, { baseUrl: 'http://app.test', fetch: stub })
    const call = client.api.app.approvals[':id'].decision.$post({ param: { id: 'A1' }, json: { response: 'approve' } })
    const failure = await readJson(call).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect(failure).toMatchObject({ status: 409, code: 'ALREADY_DECIDED', message: 'You already answered' })
  })
})
