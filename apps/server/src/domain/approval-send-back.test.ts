import { describe, expect, it } from 'vitest'
import type { Approval } from './approval.ts'
import { answer, applyAll, ctxAt, startApproval } from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'
import { parseDraft } from './approval-create.ts'
import { allowedResponses, canSendBack, checkResponse } from './permissions.ts'

const AT = '2026-11-25T07:30:00.000Z'
const withoutSendBack = () =>
  startApproval({ isSendBackAllowed: false, commentPolicy: 'required-on-reject-or-send-back' })

/** An approval as stored before the option existed: no `isSendBackAllowed` at all. */
function storedBeforeTheOption(): Approval {
  const { isSendBackAllowed: _dropped, ...legacy } = startApproval()
  return legacy
}

describe('send back for revision (when the approval allows it)', () => {
  it.each<[string, boolean | undefined, boolean]>([
    ['allowed when the draft leaves it out', undefined, true],
    ['allowed when the draft says so', true, true],
    ['not allowed when the draft says so', false, false],
  ])('is %s', (_name, isSendBackAllowed, expected) => {
    const approval = startApproval(isSendBackAllowed === undefined ? {} : { isSendBackAllowed })
    expect(approval.isSendBackAllowed).toBe(expected)
    expect(canSendBack(approval)).toBe(expected)
  })

  it('refuses a non-boolean option in the draft', () => {
    const result = parseDraft(
      { title: 'x', stages: [{ approverIds: [1], rule: { kind: 'all' } }], isSendBackAllowed: 'no' },
      new Date(AT),
    )
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'isSendBackAllowed' }] })
  })

  it('refuses a send-back with SEND_BACK_DISABLED and changes nothing', () => {
    const approval = withoutSendBack()
    const before = structuredClone(approval)
    const result = applyCommand(approval, answer(10, 'send-back', 'please redo'), ctxAt(AT, 'telegram'))
    expect(result).toMatchObject({ ok: false, code: 'SEND_BACK_DISABLED' })
    expect(approval).toEqual(before)
  })

  it('still takes approvals and rejections', () => {
    const state = applyAll(withoutSendBack(), [answer(10, 'approve'), answer(11, 'reject', 'too dear')], AT)
    expect(state.status).toBe('rejected')
  })

  it('answers who may not decide with their own refusal first', () => {
    expect(applyCommand(withoutSendBack(), answer(99, 'send-back', 'x'), ctxAt(AT))).toMatchObject({
      code: 'NOT_AN_APPROVER',
    })
  })

  it('treats an approval stored without the option as allowing it', () => {
    const legacy = storedBeforeTheOption()
    expect('isSendBackAllowed' in legacy).toBe(false)
    expect(checkResponse(legacy, 'send-back')).toEqual({ ok: true })
    expect(applyAll(legacy, [answer(11, 'send-back')], AT).status).toBe('returned')
  })

  it.each<[string, () => Approval, number, string[]]>([
    ['an approver, send-back allowed', () => startApproval(), 10, ['approve', 'reject', 'send-back']],
    ['an approver, send-back not allowed', withoutSendBack, 10, ['approve', 'reject']],
    [
      'an approver of a stored approval without the option',
      storedBeforeTheOption,
      12,
      ['approve', 'reject', 'send-back'],
    ],
    ['a user with no place', () => startApproval(), 99, []],
    ['an approver who answered', () => applyAll(startApproval(), [answer(10, 'approve')], AT), 10, []],
  ])('allowedResponses for %s', (_name, build, userId, expected) => {
    expect(allowedResponses(build(), userId)).toEqual(expected)
  })
})
