import { describe, expect, it } from 'vitest'
import type { TemplateDto } from '../api/types.ts'
import { portalDefaults } from '../test-support/fixtures.ts'
import {
  BUILT_IN_DEFAULTS,
  blankStage,
  emptyApprovalForm,
  toDraftInput,
  validateApprovalForm,
  withTemplate,
  type ApprovalForm,
} from './approval-draft.ts'

function filled(change: Partial<ApprovalForm> = {}): ApprovalForm {
  return {
    ...emptyApprovalForm(),
    title: 'Discount 15% for Romashka',
    stages: [
      { roles: [], condition: null, approverIds: [3, 5], rule: { kind: 'all' }, deadline: null },
      { roles: [], condition: null, approverIds: [7], rule: { kind: 'any' }, deadline: null },
    ],
    ...change,
  }
}

const template: TemplateDto = {
  id: 'T1',
  name: 'Discounts',
  description: 'Discount above 10%',
  commentPolicy: 'optional',
  stages: [
    {
      roles: [],
      condition: null,
      approverIds: [6],
      rule: { kind: 'quorum', count: 1 },
      deadline: { workingHours: 8, action: 'reject' },
    },
  ],
  reminders: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
}

describe('emptyApprovalForm', () => {
  it("starts from the portal's defaults: rule, stage deadline, reminders, comments, send back", () => {
    const form = emptyApprovalForm(null, portalDefaults)
    expect(form.stages).toEqual([
      {
        roles: [],
        condition: null,
        approverIds: [],
        rule: { kind: 'percent', percent: 60 },
        deadline: { workingHours: 16, action: 'escalate' },
      },
    ])
    expect(form).toMatchObject({
      reminders: { everyWorkingHours: 4, maxCount: 2 },
      commentPolicy: 'always',
      isSendBackAllowed: false,
      timeoutAction: 'escalate',
    })
  })

  it('copies the defaults, so editing the form leaves them as they were', () => {
    const form = emptyApprovalForm(null, portalDefaults)
    form.stages[0]!.deadline!.workingHours = 2
    form.reminders!.maxCount = 9
    blankStage(portalDefaults).rule = { kind: 'all' }
    expect(portalDefaults.stageDeadline?.workingHours).toBe(16)
    expect(portalDefaults.reminders?.maxCount).toBe(2)
    expect(portalDefaults.rule).toEqual({ kind: 'percent', percent: 60 })
  })

  it('uses what the server applies to a portal without settings when there are none', () => {
    expect(emptyApprovalForm()).toMatchObject({
      stages: [{ roles: [], condition: null, approverIds: [], rule: { kind: 'all' }, deadline: null }],
      reminders: null,
      commentPolicy: BUILT_IN_DEFAULTS.commentPolicy,
      isSendBackAllowed: true,
    })
  })
})

describe('withTemplate', () => {
  it('replaces the defaults with the template: stages with rule and deadline, comments, reminders', () => {
    const form = withTemplate(emptyApprovalForm(null, portalDefaults), template, portalDefaults)
    expect(form.templateId).toBe('T1')
    expect(form.stages).toEqual(template.stages)
    expect(form.stages[0]).not.toBe(template.stages[0])
    expect(form).toMatchObject({ commentPolicy: 'optional', reminders: null, description: 'Discount above 10%' })
  })

  it('takes "send back" from the template, or from the portal when the template leaves it open', () => {
    const defaults = { ...portalDefaults, isSendBackAllowed: false }
    expect(withTemplate(emptyApprovalForm(), template, defaults).isSendBackAllowed).toBe(false)
    const allowing = { ...template, isSendBackAllowed: true }
    expect(withTemplate(emptyApprovalForm(), allowing, defaults).isSendBackAllowed).toBe(true)
  })

  it('keeps a description already typed, and only clears the choice for "no template"', () => {
    const typed = { ...filled(), description: 'Mine' }
    expect(withTemplate(typed, template, portalDefaults).description).toBe('Mine')
    const chosen = withTemplate(typed, template, portalDefaults)
    expect(withTemplate(chosen, null, portalDefaults)).toEqual({ ...chosen, templateId: null })
  })
})

describe('toDraftInput', () => {
  it('turns the form into the API draft: rules, stage deadlines, reminders, the subject by kind and id, deadline', () => {
    const draft = toDraftInput(
      filled({
        stages: [
          { roles: [], condition: null, approverIds: [3, 5, 8], rule: { kind: 'quorum', count: 2 }, deadline: null },
          {
            roles: [],
            condition: null,
            approverIds: [9, 10],
            rule: { kind: 'percent', percent: 50 },
            deadline: { workingHours: 4, action: 'approve' },
          },
        ],
        subject: {
          ...{ kind: 'deal', id: 42, title: 'Romashka', amount: 150000, currency: 'RUB' },
          url: 'https://portal.example/crm/deal/details/42/',
        },
        dueAt: '2026-12-01T18:00',
        timeoutAction: 'reject',
        reminders: { everyWorkingHours: 2, maxCount: 3 },
        isSendBackAllowed: false,
      }),
    )
    expect(draft.stages).toEqual([
      { roles: [], condition: null, approverIds: [3, 5, 8], rule: { kind: 'quorum', count: 2 }, deadline: null },
      {
        roles: [],
        condition: null,
        approverIds: [9, 10],
        rule: { kind: 'percent', percent: 50 },
        deadline: { workingHours: 4, action: 'approve' },
      },
    ])
    expect(draft.subject).toEqual({ kind: 'deal', id: 42 })
    expect(draft.deadline).toEqual({ dueAt: new Date('2026-12-01T18:00').toISOString(), action: 'reject' })
    expect(draft.reminders).toEqual({ everyWorkingHours: 2, maxCount: 3 })
    expect(draft.isSendBackAllowed).toBe(false)
  })

  it('leaves the deadline and reminders out when none are set', () => {
    expect(toDraftInput(filled())).toMatchObject({ deadline: null, reminders: null })
  })
})

describe('validateApprovalForm (the shared approvalRequestSchema)', () => {
  it('accepts a complete form, with a percent rule, a stage deadline and reminders', () => {
    expect(validateApprovalForm(filled())).toMatchObject({ ok: true })
    const stages = [
      {
        roles: [],
        condition: null,
        approverIds: [3],
        rule: { kind: 'percent' as const, percent: 100 },
        deadline: { workingHours: 8, action: 'escalate' as const },
      },
    ]
    const rich = filled({ stages, reminders: { everyWorkingHours: 4, maxCount: 3 } })
    expect(validateApprovalForm(rich)).toMatchObject({ ok: true })
  })

  const stage = (change: Partial<ApprovalForm['stages'][number]>) => ({
    roles: [],
    condition: null,
    approverIds: [3],
    rule: { kind: 'all' as const },
    deadline: null,
    ...change,
  })
  it.each([
    ['an empty title', filled({ title: '  ' }), 'title'],
    [
      'a stage without approvers',
      filled({ stages: [stage({ roles: [], condition: null, approverIds: [] })] }),
      'stages.0.approverIds',
    ],
    [
      'a quorum above the approvers',
      filled({ stages: [stage({ rule: { kind: 'quorum', count: 2 } })] }),
      'stages.0.rule.count',
    ],
    [
      'the same approver twice',
      filled({ stages: [stage({ roles: [], condition: null, approverIds: [3, 3] })] }),
      'stages.0.approverIds',
    ],
    [
      'a percent above 100',
      filled({ stages: [stage({ rule: { kind: 'percent', percent: 120 } })] }),
      'stages.0.rule.percent',
    ],
    ['a percent of 0', filled({ stages: [stage({ rule: { kind: 'percent', percent: 0 } })] }), 'stages.0.rule.percent'],
    [
      'a stage deadline of no hours',
      filled({ stages: [stage({ deadline: { workingHours: 0, action: 'reject' } })] }),
      'stages.0.deadline.workingHours',
    ],
    [
      'reminders more often than possible',
      filled({ reminders: { everyWorkingHours: 0, maxCount: 3 } }),
      'reminders.everyWorkingHours',
    ],
    ['too many reminders', filled({ reminders: { everyWorkingHours: 4, maxCount: 21 } }), 'reminders.maxCount'],
    [
      'a stage deadline of 99,999 working hours (kept as typed, not cut to the limit)',
      filled({ stages: [stage({ deadline: { workingHours: 99_999, action: 'reject' } })] }),
      'stages.0.deadline.workingHours',
    ],
  ])('refuses %s and names the field', (_name, form, path) => {
    const result = validateApprovalForm(form)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toContain(path)
  })

  it('refuses an approval deadline in the past or more than a year ahead, as the server does', () => {
    const now = new Date('2026-12-07T10:00:00')
    const due = (dueAt: string) => validateApprovalForm(filled({ dueAt }), now)
    expect(due('2026-12-08T10:00')).toMatchObject({ ok: true })
    for (const dueAt of ['2026-12-07T09:00', '2028-01-01T10:00', '9999-12-31T23:59']) {
      const result = due(dueAt)
      expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['deadline.dueAt'])
    }
  })
})
