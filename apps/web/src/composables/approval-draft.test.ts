import { describe, expect, it } from 'vitest'
import { emptyApprovalForm, toDraftInput, validateApprovalForm, type ApprovalForm } from './approval-draft.ts'

function filled(change: Partial<ApprovalForm> = {}): ApprovalForm {
  return {
    ...emptyApprovalForm(),
    title: 'Discount 15% for Romashka',
    stages: [
      { approverIds: [3, 5], rule: 'all', quorum: 1 },
      { approverIds: [7], rule: 'any', quorum: 1 },
    ],
    ...change,
  }
}

describe('toDraftInput', () => {
  it('turns the form into the API draft: rules, subject and deadline', () => {
    const draft = toDraftInput(
      filled({
        stages: [{ approverIds: [3, 5, 8], rule: 'quorum', quorum: 2 }],
        subject: {
          ...{ kind: 'deal', id: 42, title: 'Romashka', amount: 150000, currency: 'RUB' },
          url: 'https://portal.example/crm/deal/details/42/',
        },
        dueAt: '2026-12-01T18:00',
        timeoutAction: 'reject',
      }),
    )
    expect(draft.stages).toEqual([{ approverIds: [3, 5, 8], rule: { kind: 'quorum', count: 2 }, deadline: null }])
    expect(draft.subject).toEqual({
      ...{ kind: 'deal', id: 42, title: 'Romashka', amount: 150000, currency: 'RUB' },
      url: 'https://portal.example/crm/deal/details/42/',
    })
    expect(draft.deadline).toEqual({ dueAt: new Date('2026-12-01T18:00').toISOString(), action: 'reject' })
  })

  it('leaves the deadline out when no date is set', () => {
    expect(toDraftInput(filled()).deadline).toBeNull()
  })
})

describe('validateApprovalForm (the shared approvalDraftSchema)', () => {
  it('accepts a complete form', () => {
    expect(validateApprovalForm(filled())).toMatchObject({ ok: true })
  })

  it.each([
    ['an empty title', filled({ title: '  ' }), 'title'],
    [
      'a stage without approvers',
      filled({ stages: [{ approverIds: [], rule: 'all', quorum: 1 }] }),
      'stages.0.approverIds',
    ],
    [
      'a quorum above the approvers',
      filled({ stages: [{ approverIds: [3], rule: 'quorum', quorum: 2 }] }),
      'stages.0.rule.count',
    ],
    [
      'the same approver twice',
      filled({ stages: [{ approverIds: [3, 3], rule: 'all', quorum: 1 }] }),
      'stages.0.approverIds',
    ],
  ])('refuses %s and names the field', (_name, form, path) => {
    const result = validateApprovalForm(form)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues.some((issue) => issue.startsWith(`${path}:`))).toBe(true)
  })
})
