import { describe, expect, it } from 'vitest'
import { formatFrameReply, parseFrameMessage } from './frame-message.ts'

const SID = '926d17365a87fbb35bace60dcc8f08cf'
const CB = '0d6f3c1a-3b2e-4c4f-9a7d-5e6f7a8b9c0d'

describe('parseFrameMessage', () => {
  it.each([
    ['b24jssdk without params', `getInitData:${CB}:${SID}`, 'getInitData', {}, CB],
    [
      'b24jssdk with params',
      `resizeWindow:{"width":"100%","height":800}:${CB}:${SID}`,
      'resizeWindow',
      { width: '100%', height: 800 },
      CB,
    ],
    [
      'params whose JSON contains colons',
      `openPath:{"path":"/crm/deal/details/1/?a=b:c"}:${CB}:${SID}`,
      'openPath',
      { path: '/crm/deal/details/1/?a=b:c' },
      CB,
    ],
    ['legacy BX24 with the empty slot', `setInstallFinish::abc123:${SID}`, 'setInstallFinish', {}, 'abc123'],
    ['legacy BX24 without a callback', `reloadWindow:::${SID}`, 'reloadWindow', {}, ''],
  ])('reads %s', (_name, data, command, params, callbackId) => {
    expect(parseFrameMessage(data)).toEqual({ command, params, callbackId, appSid: SID })
  })

  it('reads the object form b24jssdk posts for command names containing a colon', () => {
    const data = { method: 'CallCard::EntityChanged', params: { id: 1 }, callback: CB, appSid: SID, requestId: 'r' }
    expect(parseFrameMessage(data)).toEqual({
      command: 'CallCard::EntityChanged',
      params: { id: 1 },
      callbackId: CB,
      appSid: SID,
    })
  })

  it.each([
    ['too few parts', `getInitData:${SID}`],
    ['params that are not JSON', `setTitle:{title:x}:${CB}:${SID}`],
    ['a number', 42],
    ['an object without method', { params: {} }],
  ])('ignores %s', (_name, data) => {
    expect(parseFrameMessage(data)).toBeNull()
  })
})

describe('formatFrameReply', () => {
  it('joins the callback id and the JSON answer with a colon', () => {
    expect(formatFrameReply(CB, { width: 640, height: 1234 })).toBe(`${CB}:{"width":640,"height":1234}`)
  })

  it('leaves the answer empty for undefined, as the portal does', () => {
    expect(formatFrameReply(CB, undefined)).toBe(`${CB}:`)
  })
})
