import { describe, expect, it } from 'vitest'
import { ctxAt, draftOf, INITIATOR, START } from '../test-support/approval-builders.ts'
import { telegramFileGroups, type ApprovalAttachment } from './approval-attachments.ts'
import { createApproval } from './approval-create.ts'

const MB = 1024 * 1024
const file = (number: number, mime: string, size = 1000): ApprovalAttachment => ({
  ...{ number, name: `file-${number}`, mime, size, chunks: 1, diskFileId: 100 + number },
})

describe('telegramFileGroups', () => {
  it.each([
    ['nothing', [], []],
    ['one PDF as a document', [file(1, 'application/pdf')], [['document', [1]]]],
    [
      'JPEG and PNG as one album, the rest as documents',
      [file(1, 'image/jpeg'), file(2, 'application/pdf'), file(3, 'image/png'), file(4, 'text/plain')],
      [
        ['photo', [1, 3]],
        ['document', [2, 4]],
      ],
    ],
    ['a GIF as a document (Telegram would make it an animation)', [file(1, 'image/gif')], [['document', [1]]]],
    ['a photo over 10 MB as a document', [file(1, 'image/jpeg', 11 * MB)], [['document', [1]]]],
    ['a file over 50 MB left out', [file(1, 'application/pdf', 51 * MB)], []],
    [
      'at most 10 items a group',
      Array.from({ length: 12 }, (_, i) => file(i + 1, 'image/png')),
      [
        ['photo', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
        ['photo', [11, 12]],
      ],
    ],
  ])('sends %s', (_name, attachments, expected) => {
    const groups = telegramFileGroups(attachments).map((g) => [g.kind, g.attachments.map((a) => a.number)])
    expect(groups).toEqual(expected)
  })
})

describe('createApproval with attachments', () => {
  const ctx = { ...ctxAt(START), id: '01JDAPPROVAL00000000000001' }
  const base = { draft: draftOf(), memberId: 'a1b2c3', initiatorId: INITIATOR }

  it('keeps the attached files on the approval', () => {
    const attachments = [file(1, 'application/pdf'), file(2, 'image/png')]
    const result = createApproval({ ...base, attachments }, ctx)
    expect(result.ok && result.state.attachments).toEqual(attachments)
  })

  it('stores no attachments field without files', () => {
    const result = createApproval(base, ctx)
    expect(result.ok && 'attachments' in result.state).toBe(false)
  })

  it('refuses more than 5 files', () => {
    const attachments = Array.from({ length: 6 }, (_, i) => file(i + 1, 'application/pdf'))
    const result = createApproval({ ...base, attachments }, ctx)
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'attachments' }] })
  })
})
