import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { onError } from './errors.ts'
import { bracketForm, parseBracketForm } from './form-body.ts'

describe('parseBracketForm', () => {
  it('nests PHP bracket keys of a Bitrix24 event body into objects', () => {
    const body =
      'event=ONCRMDEALADD&event_handler_id=185&data%5BFIELDS%5D%5BID%5D=7405&ts=1766047124' +
      '&auth%5Bmember_id%5D=d897063e1ce7c5eb9f04b9751eef5915&auth%5Bapplication_token%5D=51856fef'
    expect(parseBracketForm(body)).toEqual({
      event: 'ONCRMDEALADD',
      event_handler_id: '185',
      data: { FIELDS: { ID: '7405' } },
      ts: '1766047124',
      auth: { member_id: 'd897063e1ce7c5eb9f04b9751eef5915', application_token: '51856fef' },
    })
  })

  it('reads lists, indexed lists and the literal string "undefined" as Bitrix24 sends them', () => {
    expect(parseBracketForm('select[]=ID&select[]=TITLE&d[UF_DEPARTMENT][0]=1&d[UF_DEPARTMENT][1]=2')).toEqual({
      select: ['ID', 'TITLE'],
      d: { UF_DEPARTMENT: ['1', '2'] },
    })
    expect(parseBracketForm('data[FIELDS_BEFORE]=undefined&data[FIELDS_AFTER][ID]=123')).toEqual({
      data: { FIELDS_BEFORE: 'undefined', FIELDS_AFTER: { ID: '123' } },
    })
  })

  it('decodes UTF-8 and plus signs', () => {
    expect(parseBracketForm('t=%D0%A1%D0%B4%D0%B5%D0%BB%D0%BA%D0%B0+1')).toEqual({ t: 'Сделка 1' })
  })

  it('never touches Object.prototype', () => {
    const parsed = parseBracketForm('__proto__[polluted]=1&constructor[prototype][polluted]=1&a[__proto__][x]=1')
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
  })
})

describe('bracketForm', () => {
  const app = new Hono().post('/', bracketForm(z.object({ auth: z.object({ member_id: z.string() }) })), (c) =>
    c.json(c.req.valid('form')),
  )
  app.onError(onError)
  const post = (body: string, type = 'application/x-www-form-urlencoded') =>
    app.request('/', { method: 'POST', headers: { 'content-type': type }, body })

  it('hands the validated nested body to the handler', async () => {
    const res = await post('auth[member_id]=abc')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ auth: { member_id: 'abc' } })
  })

  it('answers 400 VALIDATION_FAILED with the field path', async () => {
    const res = await post('auth[other]=1')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'auth.member_id' }] },
    })
  })

  it('answers 415 to a body that is not form-encoded', async () => {
    const res = await post('{"auth":{"member_id":"abc"}}', 'application/json')
    expect(res.status).toBe(415)
  })
})
