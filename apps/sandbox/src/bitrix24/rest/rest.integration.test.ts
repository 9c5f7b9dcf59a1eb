/**
 * The REST surface (§3): envelopes, statuses, auth forms, names, CORS, pagination, batch, limits, faults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { restCall } from '../../test-support/rest-call.ts'

let sandbox: Bitrix24Sandbox
let token: string

beforeAll(async () => {
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
  await sandbox.install({ openInstallPage: false })
  token = sandbox.issueTokens(1).access_token
})
afterAll(async () => {
  await sandbox.close()
})

const call = (method: string, params: object = {}) => restCall(sandbox.restUrl, token, method, params)

describe('envelopes and auth forms', () => {
  it('answers { result, time } with the documented time keys', async () => {
    const { status, body } = await call('profile')
    expect(status).toBe(200)
    expect(Object.keys(body)).toEqual(['result', 'time'])
    expect(Object.keys(body['time'] as object)).toEqual([
      'start',
      'finish',
      'duration',
      'processing',
      'date_start',
      'date_finish',
      'operating_reset_at',
      'operating',
    ])
    expect((body['time'] as Record<string, string>)['date_start']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/)
  })

  it('takes auth from the query, a form body or a JSON body; names are case-insensitive; bx24_* ignored', async () => {
    const get = await fetch(`${sandbox.restUrl}USER.GET.json?auth=${token}&bx24_request_id=abc&bx24_sdk_ver=2.2.0`)
    const got = (await get.json()) as { result: unknown[]; total: number }
    expect(got.total).toBe(12)
    const form = await fetch(`${sandbox.restUrl}crm.deal.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `auth=${token}&ID=3`,
    })
    expect(((await form.json()) as { result: { ID: string } }).result.ID).toBe('3')
    expect((await call('Crm.Deal.Get', { id: 4 })).body['result']).toMatchObject({ ID: '4', CATEGORY_ID: '0' })
  })

  it('refuses missing, unknown and expired tokens and unknown methods with the §2.6/§3.4 statuses', async () => {
    expect(await restCall(sandbox.restUrl, '', 'profile')).toMatchObject({
      status: 401,
      body: { error: 'NO_AUTH_FOUND' },
    })
    expect(await restCall(sandbox.restUrl, 'deadbeef', 'profile')).toMatchObject({
      status: 401,
      body: { error: 'invalid_token' },
    })
    sandbox.setTokenTtl(0)
    const expired = sandbox.issueTokens(2).access_token
    sandbox.setTokenTtl(3600)
    expect(await restCall(sandbox.restUrl, expired, 'profile')).toMatchObject({
      status: 401,
      body: { error: 'expired_token' },
    })
    expect(await call('crm.nothing.here')).toMatchObject({
      status: 404,
      body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    })
    expect(await call('crm.deal.get', { id: 99999 })).toMatchObject({
      status: 400,
      body: { error: '', error_description: 'Not found' },
    })
  })

  it('answers the CORS preflight for the app origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${sandbox.restUrl}profile`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      })
    expect((await preflight('http://localhost:8787')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:8787',
    )
    expect((await preflight('http://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('lists and batch', () => {
  it('pages by 50 with next/total, and start=-1 skips the count', async () => {
    const cmd = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [
        `t${i}`,
        `tasks.task.add?fields[TITLE]=Задача ${i}&fields[RESPONSIBLE_ID]=3`,
      ]),
    )
    expect((await call('batch', { cmd })).status).toBe(200)
    await call('batch', { cmd: Object.fromEntries(Object.entries(cmd).slice(0, 10)) })
    const first = await call('tasks.task.list', { select: ['ID', 'TITLE'] })
    expect(first.body).toMatchObject({ total: 60, next: 50 })
    const tasks = (first.body['result'] as { tasks: Record<string, unknown>[] }).tasks
    expect(tasks).toHaveLength(50)
    expect(Object.keys(tasks[0] ?? {})).toEqual(['id', 'title', 'subStatus', 'creator', 'responsible'])
    const second = await call('tasks.task.list', { start: 50 })
    expect(second.body['next']).toBeUndefined()
    expect((second.body['result'] as { tasks: unknown[] }).tasks).toHaveLength(10)
    const fast = await call('tasks.task.list', { start: -1, filter: { '>ID': 40 }, order: { ID: 'ASC' } })
    expect(fast.body).toMatchObject({ total: 0 })
    expect(fast.body['next']).toBeUndefined()
    expect((fast.body['result'] as { tasks: { id: string }[] }).tasks[0]?.id).toBe('41')
  })

  it('returns the result_* shape, [] for empty parts, and stops on halt', async () => {
    const { body } = await call('batch', { halt: 1, cmd: { a: 'profile', b: 'crm.deal.get?id=99999', c: 'profile' } })
    const result = body['result'] as Record<string, unknown>
    expect(Object.keys(result)).toEqual(['result', 'result_error', 'result_total', 'result_next', 'result_time'])
    expect(Object.keys(result['result'] as object)).toEqual(['a'])
    expect(result['result_error']).toEqual({ b: { error: '', error_description: 'Not found' } })
    expect(result['result_total']).toEqual([])
    const nested = await call('batch', { cmd: ['batch?cmd[x]=profile', 'profile'] })
    const nestedResult = nested.body['result'] as Record<string, unknown>
    // PHP serialises a 0-based sequential array as a JSON list, any other key set as an object.
    expect(nestedResult['result_error']).toEqual([
      { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' },
    ])
    expect(Object.keys(nestedResult['result'] as object)).toEqual(['1'])
    const tooLong = await call('batch', { cmd: Array.from({ length: 51 }, () => 'profile') })
    expect(tooLong).toMatchObject({ status: 400, body: { error: 'ERROR_BATCH_LENGTH_EXCEEDED' } })
  })

  it('reads task.commentitem.add positionally and by name', async () => {
    const positional = await call('task.commentitem.add', { 0: 1, 1: { POST_MESSAGE: 'Позиционно' } })
    const named = await call('task.commentitem.add', { TASKID: 1, FIELDS: { POST_MESSAGE: 'По имени' } })
    expect(typeof positional.body['result']).toBe('number')
    expect(sandbox.comments().map((c) => c.POST_MESSAGE)).toEqual(['Позиционно', 'По имени'])
    expect(named.status).toBe(200)
  })
})

describe('limits and faults', () => {
  it('answers 503 QUERY_LIMIT_EXCEEDED once the bucket is full', async () => {
    sandbox.setRateLimit({ burstLimit: 3, drainRate: 0.001 })
    try {
      const statuses = []
      for (let i = 0; i < 4; i += 1) statuses.push((await call('profile')).status)
      expect(statuses).toEqual([200, 200, 200, 503])
      expect((await call('profile')).body).toMatchObject({
        error: 'QUERY_LIMIT_EXCEEDED',
        error_description: 'Too many requests',
      })
    } finally {
      sandbox.setRateLimit(false)
    }
  })

  it('fails the next N calls of a method with the armed error', async () => {
    sandbox.failNext('crm.deal.get', { status: 429, code: 'OPERATION_TIME_LIMIT', times: 2 })
    expect((await call('crm.deal.get', { id: 1 })).status).toBe(429)
    expect((await call('crm.deal.get', { id: 1 })).body).toMatchObject({ error: 'OPERATION_TIME_LIMIT' })
    expect((await call('crm.deal.get', { id: 1 })).status).toBe(200)
  })
})

describe('random faults', () => {
  it('fails a share of requests, before or after the method ran, the same way for the same seed', async () => {
    const run = async () => {
      const before = sandbox.tasks().length
      sandbox.failRandomly({ rate: 0.5, seed: 7 })
      const statuses: number[] = []
      for (let i = 0; i < 40; i += 1) {
        const answer = await call('tasks.task.add', { fields: { TITLE: `Сбой ${i}`, RESPONSIBLE_ID: 2 } }).then(
          (r) => r.status,
          () => 0,
        )
        statuses.push(answer)
      }
      sandbox.failRandomly(false)
      return { statuses, created: sandbox.tasks().length - before }
    }
    const first = await run()
    const failed = first.statuses.filter((s) => s !== 200)
    expect(failed.length).toBeGreaterThan(10)
    expect(failed.length).toBeLessThan(30)
    expect(new Set(failed)).toEqual(new Set([503, 500, 504, 0]))
    // A 504 or a dropped connection comes after the task was created; 503 and 500 before.
    const ran = first.statuses.filter((s) => s === 200 || s === 504 || s === 0).length
    expect(first.created).toBe(ran)
    expect((await run()).statuses).toEqual(first.statuses)
    expect((await call('profile')).status).toBe(200)
  })
})

describe('delays', () => {
  it('delays the next call of a method, then runs it normally', async () => {
    sandbox.delayNext('profile', 300)
    const started = Date.now()
    expect((await call('profile')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    const again = Date.now()
    await call('profile')
    expect(Date.now() - again).toBeLessThan(250)
  })
})

describe('OAuth server', () => {
  const tokenUrl = (query: string) => `${sandbox.oauthServerUrl}/oauth/token/?${query}`

  it('refuses a wrong client secret and an unknown refresh token (§2.5)', async () => {
    const refresh = sandbox.issueTokens(1).refresh_token
    const wrong = await fetch(
      tokenUrl(
        `grant_type=refresh_token&client_id=${sandbox.app.clientId}&client_secret=nope&refresh_token=${refresh}`,
      ),
    )
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' })
    const unknown = await fetch(
      tokenUrl(
        `grant_type=refresh_token&client_id=${sandbox.app.clientId}&client_secret=${sandbox.app.clientSecret}&refresh_token=zzz`,
      ),
    )
    expect(unknown.status).toBe(400)
  })

  it('exchanges an authorization code from /oauth/authorize/ once', async () => {
    const redirect = await fetch(`${sandbox.url}/oauth/authorize/?client_id=${sandbox.app.clientId}&state=s1`, {
      redirect: 'manual',
    })
    expect(redirect.status).toBe(302)
    const location = new URL(redirect.headers.get('location') ?? '')
    expect(location.pathname).toBe('/api/b24/app')
    expect(location.searchParams.get('member_id')).toBe(sandbox.memberId)
    const code = location.searchParams.get('code') ?? ''
    const query = `grant_type=authorization_code&client_id=${sandbox.app.clientId}&client_secret=${sandbox.app.clientSecret}&code=${code}`
    const exchanged = (await (await fetch(tokenUrl(query))).json()) as Record<string, unknown>
    expect(Object.keys(exchanged)).toEqual([
      'access_token',
      'expires',
      'expires_in',
      'scope',
      'domain',
      'server_endpoint',
      'status',
      'client_endpoint',
      'member_id',
      'user_id',
      'refresh_token',
    ])
    expect((await fetch(tokenUrl(query))).status).toBe(400)
  })

  it('answers app.info as the trusted authority for a portal token', async () => {
    const answer = await fetch(`${sandbox.oauthServerUrl}/rest/app.info?auth=${token}`)
    const body = (await answer.json()) as { result: Record<string, unknown> }
    expect(body.result).toMatchObject({
      client_id: sandbox.app.clientId,
      user_id: 1,
      CODE: sandbox.app.clientId,
      INSTALLED: true,
      install: { member_id: sandbox.memberId, client_endpoint: sandbox.restUrl },
    })
    expect((await fetch(`${sandbox.oauthServerUrl}/rest/app.info?auth=forged`)).status).toBe(401)
  })
})
