import { describe, expect, it } from 'vitest'
import type { AutomationRuleDto, CrmCatalogDto } from '../api/types.ts'
import {
  describeTrigger,
  emptyRuleForm,
  movePipelineOf,
  noStageMove,
  ruleFormOf,
  ruleInputOf,
  stageChoices,
} from './rule-editor.ts'

const catalog: CrmCatalogDto = {
  pipelines: [
    { id: 0, name: 'Продажи', stages: [{ id: 'NEW', name: 'Новая', semantics: 'process' }] },
    { id: 1, name: 'Закупки', stages: [{ id: 'C1:NEW', name: 'Новая закупка', semantics: 'process' }] },
  ],
  leadStatuses: [{ id: 'IN_PROCESS', name: 'В работе', semantics: 'process' }],
  sources: [{ id: 'CALL', name: 'Звонок' }],
}

const rule = {
  id: '01JRULE',
  name: 'Закупки',
  isActive: true,
  trigger: { event: 'deal-stage', pipelineId: 1, stageId: 'C1:NEW' },
  conditions: [{ field: 'amount', operator: 'gte', value: 1000, currency: 'RUB' }],
  action: {
    templateId: 'T1',
    approvers: { kind: 'users', userIds: [2, 6] },
    stageOnApproved: 'C1:WON',
    stageOnRejected: null,
    isAttachingFiles: true,
  },
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
  updatedBy: 1,
  activity: { startedCount: 0, lastStarted: null, lastFailure: null },
} as AutomationRuleDto

const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`

describe('the rule form', () => {
  it('turns a stored rule into the form and back into the same rule', () => {
    const form = ruleFormOf(rule)
    expect(form).toMatchObject({ event: 'deal-stage', pipelineId: 1, stageId: 'C1:NEW', stageOnRejected: noStageMove })
    const { id: _id, createdAt: _c, updatedAt: _u, updatedBy: _b, activity: _a, ...input } = rule
    expect(ruleInputOf(form)).toEqual(input)
  })

  it('sends a lead status trigger, no stage moves and no user list unless chosen', () => {
    const form = { ...emptyRuleForm(), name: 'Лиды', event: 'lead-status' as const, stageId: 'IN_PROCESS' }
    expect(ruleInputOf(form)).toEqual({
      name: 'Лиды',
      isActive: true,
      trigger: { event: 'lead-status', statusId: 'IN_PROCESS' },
      conditions: [],
      action: {
        ...{ templateId: '', approvers: { kind: 'template' }, stageOnApproved: null, stageOnRejected: null },
        isAttachingFiles: false,
      },
    })
  })

  it('offers the stages of the pipeline the moves stay in', () => {
    const created = { ...emptyRuleForm(), event: 'deal-created' as const }
    expect(movePipelineOf(created)).toBe(0)
    const onePipeline = { ...created, conditions: [{ field: 'pipeline' as const, pipelineIds: [1] }] }
    expect(movePipelineOf(onePipeline)).toBe(1)
    expect(stageChoices(catalog, onePipeline, movePipelineOf(onePipeline)).map((s) => s.id)).toEqual(['C1:NEW'])
    const lead = { ...created, event: 'lead-created' as const }
    expect(stageChoices(catalog, lead, 0).map((s) => s.id)).toEqual(['IN_PROCESS'])
    expect(stageChoices(null, lead, 0)).toEqual([])
  })

  it('describes a trigger with the portal names of its pipeline and stage', () => {
    expect(describeTrigger(rule, catalog, t)).toBe(
      'automation.describe.deal-stage{"stage":"Новая закупка","pipeline":"Закупки"}',
    )
    expect(describeTrigger(rule, null, t)).toBe('automation.describe.deal-stage{"stage":"C1:NEW","pipeline":"#1"}')
    expect(describeTrigger({ trigger: { event: 'lead-created' } }, catalog, t)).toBe('automation.events.lead-created')
  })
})
