import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  AuthError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  UpstreamError,
  ValidationError,
} from '../ports/errors.ts'
import { notFound, onError } from './errors.ts'
import { validate } from './validate.ts'

const thrown = {
  validation: new ValidationError('BAD_TITLE', 'Title is empty'),
  auth: new AuthError('INVALID_TOKEN', 'The access token is not valid'),
  permission: new PermissionError('ADMIN_ONLY', 'Only portal administrators may do this'),
  missing: new NotFoundError('APPROVAL_NOT_FOUND', 'No such approval'),
  conflict: new ConflictError('ALREADY_DECIDED', 'Already decided', { details: { status: 'approved' } }),
  large: new PayloadTooLargeError('PAYLOAD_TOO_LARGE', 'Too large'),
  media: new UnsupportedMediaTypeError('UNSUPPORTED_MEDIA_TYPE', 'JSON only'),
  limited: new RateLimitedError('RATE_LIMITED', 'Slow down', 2500),
  upstream: new UpstreamError('BITRIX24_UNAVAILABLE', 'Bitrix24 did not answer', { cause: new Error('token=abc') }),
}

function testApp() {
  const app = new Hono()
    .get('/throw/:kind', (c) => {
      throw thrown[c.req.param('kind') as keyof typeof thrown]
    })
    .get('/crash', () => {
      throw new Error('secret-token-123 leaked into a message')
    })
    .post('/items', validate('json', z.object({ title: z.string().min(1), count: z.number().int() })), (c) =>
      c.json({ ok: true, title: c.req.valid('json').title }, 201),
    )
  app.onError(onError)
  app.notFound(notFound)
  return app
}

describe('onError', () => {
  it.each([
    ['validation', 400, 'BAD_TITLE'],
    ['auth', 401, 'INVALID_TOKEN'],
    ['permission', 403, 'ADMIN_ONLY'],
    ['missing', 404, 'APPROVAL_NOT_FOUND'],
    ['conflict', 409, 'ALREADY_DECIDED'],
    ['large', 413, 'PAYLOAD_TOO_LARGE'],
    ['media', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['limited', 429, 'RATE_LIMITED'],
    ['upstream', 503, 'BITRIX24_UNAVAILABLE'],
  ])('maps %s to %i with code %s', async (kind, status, code) => {
    const res = await testApp().request(`/throw/${kind}`)
    expect(res.status).toBe(status)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe(code)
    expect(body.error.message).toBe(thrown[kind as keyof typeof thrown].message)
  })

  it('keeps details, sets Retry-After and never serializes the cause', async () => {
    expect(await (await testApp().request('/throw/conflict')).json()).toEqual({
      error: { code: 'ALREADY_DECIDED', message: 'Already decided', details: { status: 'approved' } },
    })
    expect((await testApp().request('/throw/limited')).headers.get('retry-after')).toBe('3')
    expect(await (await testApp().request('/throw/upstream')).text()).not.toContain('token=abc')
  })

  it('answers unknown errors with a generic 500 that leaks nothing', async () => {
    const res = await testApp().request('/crash')
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } })
    expect(text).not.toContain('secret-token')
  })

  it('answers unknown routes with a JSON 404', async () => {
    const res = await testApp().request('/nope', { method: 'DELETE' })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for DELETE /nope' } })
  })
})

describe('validate', () => {
  const post = (body: string, contentType = 'application/json') =>
    testApp().request('/items', { method: 'POST', body, headers: { 'content-type': contentType } })

  it('passes valid input through', async () => {
    const res = await post(JSON.stringify({ title: 'Счёт №5', count: 2 }))
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ ok: true, title: 'Счёт №5' })
  })

  it('answers invalid fields with 400 VALIDATION_FAILED and their paths', async () => {
    const res = await post(JSON.stringify({ title: '', count: 1.5 }))
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['count', 'title'])
  })

  it('answers malformed JSON with 400 MALFORMED_REQUEST', async () => {
    const res = await post('{"title": ')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_REQUEST')
  })

  it('answers a non-JSON body with 415', async () => {
    const res = await post('title=x', 'application/x-www-form-urlencoded')
    expect(res.status).toBe(415)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })
})
