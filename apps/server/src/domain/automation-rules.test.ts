import { describe, expect, it } from 'vitest'
import { pipelineOfStage, ruleInputSchema } from './automation-rules.ts'

const valid = {
  name: 'Big deals need the CFO',
  trigger: { event: 'deal-stage', pipelineId: 1, stageId: 'C1:PREPARATION' },
  conditions: [{ field: 'amount', operator: 'gte', value: 1_000_000, currency: 'RUB' }],
  action: { templateId: '01JDTEMPLATE', approvers: { kind: 'responsible-head' }, stageOnApproved: 'C1:WON' },
}

const issuesOf = (input: unknown) =>
  ruleInputSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? []

describe('ruleInputSchema', () => {
  it('accepts a rule and fills the defaults in', () => {
    expect(ruleInputSchema.parse(valid)).toEqual({
      ...valid,
      isActive: true,
      action: { ...valid.action, stageOnRejected: null, isAttachingFiles: false },
    })
  })

  it.each([
    ['an empty name', { ...valid, name: ' ' }, 'name'],
    ['an unknown trigger', { ...valid, trigger: { event: 'task-created' } }, 'trigger.event'],
    [
      'a stage of another pipeline',
      { ...valid, trigger: { ...valid.trigger, stageId: 'PREPARATION' } },
      'trigger.stageId',
    ],
    [
      'a stage move out of the pipeline',
      { ...valid, action: { ...valid.action, stageOnRejected: 'LOSE' } },
      'action.stageOnRejected',
    ],
    [
      'a currency that is no code',
      { ...valid, conditions: [{ ...valid.conditions[0], currency: 'rub' }] },
      'conditions.0.currency',
    ],
    ['a negative amount', { ...valid, conditions: [{ ...valid.conditions[0], value: -1 }] }, 'conditions.0.value'],
    [
      'a pipeline condition on leads',
      {
        ...valid,
        trigger: { event: 'lead-created' },
        action: { ...valid.action, stageOnApproved: null },
        conditions: [{ field: 'pipeline', pipelineIds: [0] }],
      },
      'conditions.0',
    ],
    [
      'a responsible condition naming nobody',
      { ...valid, conditions: [{ field: 'responsible' }] },
      'conditions.0.userIds',
    ],
    [
      'a user field that is no UF_ code',
      { ...valid, conditions: [{ field: 'user-field', code: 'TITLE', value: 'x' }] },
      'conditions.0.code',
    ],
    [
      'a repeated approver',
      { ...valid, action: { ...valid.action, approvers: { kind: 'users', userIds: [3, 3] } } },
      'action.approvers.userIds',
    ],
    ['no template', { ...valid, action: { ...valid.action, templateId: '' } }, 'action.templateId'],
    [
      'a stage id with a space',
      { ...valid, action: { ...valid.action, stageOnApproved: 'C1: WON' } },
      'action.stageOnApproved',
    ],
  ])('refuses %s', (_label, input, path) => {
    expect(issuesOf(input).some((issue) => issue.startsWith(`${path}:`))).toBe(true)
  })
})

describe('pipelineOfStage', () => {
  it.each([
    ['NEW', 0],
    ['C1:NEW', 1],
    ['C12:UC_7Y2K1A', 12],
    ['UC_C1:X', 0],
  ])('%s → %i', (stageId, pipelineId) => {
    expect(pipelineOfStage(stageId)).toBe(pipelineId)
  })
})
