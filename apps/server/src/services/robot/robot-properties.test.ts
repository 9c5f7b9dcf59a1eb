import { describe, expect, it } from 'vitest'
import { readDocument, readRobotOrder } from './robot-properties.ts'

describe('readDocument', () => {
  it.each([
    [['crm', 'CCrmDocumentDeal', 'DEAL_12'], { kind: 'deal', id: 12 }],
    [['crm', 'CCrmDocumentLead', 'LEAD_7'], { kind: 'lead', id: 7 }],
  ])('reads %j', (documentId, ref) => {
    expect(readDocument(documentId)).toEqual({ ok: true, value: ref })
  })

  it.each([
    [['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', 'DYNAMIC_128_1']],
    [['crm', 'CCrmDocumentContact', 'CONTACT_3']],
    [['lists', 'BizprocDocument', '15']],
  ])('refuses %j as an unsupported document', (documentId) => {
    expect(readDocument(documentId)).toMatchObject({ ok: false, problem: { code: 'UNSUPPORTED_DOCUMENT' } })
  })
})

describe('readRobotOrder', () => {
  it('reads users, rule, deadline and policy, with the defaults for what is left out', () => {
    expect(readRobotOrder({ approvers: ['user_6', 'user_9', 'user_6'], title: ' Скидка ' })).toEqual({
      ok: true,
      value: {
        approverIds: [6, 9],
        rule: { kind: 'all' },
        templateId: null,
        title: 'Скидка',
        description: '',
        deadlineHours: 0,
        timeoutAction: 'reject',
        commentPolicy: 'required-on-reject',
        isAttachingFiles: false,
      },
    })
    const attaching = (value: string) => readRobotOrder({ approvers: 'user_6', attach_files: value })
    expect([attaching('Y'), attaching('N'), attaching('')].map((r) => r.ok && r.value.isAttachingFiles)).toEqual([
      true,
      false,
      false,
    ])
    expect(
      readRobotOrder({
        approvers: 'user_6',
        rule: 'percent',
        rule_value: '60',
        deadline_hours: '8',
        timeout_action: 'escalate',
      }),
    ).toMatchObject({
      ok: true,
      value: { rule: { kind: 'percent', percent: 60 }, deadlineHours: 8, timeoutAction: 'escalate' },
    })
  })

  it('takes a template instead of approvers', () => {
    expect(readRobotOrder({ approvers: '', template: '01TEMPLATE' })).toMatchObject({
      ok: true,
      value: { approverIds: [], templateId: '01TEMPLATE' },
    })
  })

  it.each([
    ['no approvers', { approvers: '' }, 'NO_APPROVERS'],
    ['a group', { approvers: ['user_6', 'group_g1'] }, 'UNKNOWN_APPROVER'],
    ['user 0', { approvers: 'user_0' }, 'UNKNOWN_APPROVER'],
    ['an unknown rule', { approvers: 'user_6', rule: 'majority' }, 'INVALID_PROPERTY'],
    ['a quorum without a number', { approvers: 'user_6', rule: 'quorum' }, 'INVALID_RULE'],
    ['a quorum above the approvers', { approvers: 'user_6', rule: 'quorum', rule_value: '2' }, 'INVALID_RULE'],
    ['a percent above 100', { approvers: 'user_6', rule: 'percent', rule_value: '120' }, 'INVALID_RULE'],
    ['a negative deadline', { approvers: 'user_6', deadline_hours: '-3' }, 'INVALID_PROPERTY'],
    ['an unknown comment policy', { approvers: 'user_6', comment_policy: 'sometimes' }, 'INVALID_PROPERTY'],
  ])('refuses %s with words in both languages', (_name, properties, code) => {
    const reading = readRobotOrder(properties)
    expect(reading).toMatchObject({ ok: false, problem: { code } })
    if (reading.ok) return
    expect(reading.problem.en).not.toBe('')
    expect(reading.problem.ru).toMatch(/[а-я]/i)
  })
})
