import { describe, expect, it } from 'vitest'
import { accepted, answer, ctxAt, draftOf, START } from '../test-support/approval-builders.ts'
import { createApproval } from './approval-create.ts'
import { applyCommand } from './approval-machine.ts'
import { conditionHolds, planRuleApproval, rulesFor, triggerFires } from './automation-rule-match.ts'
import {
  ruleInputSchema,
  type AutomationRule,
  type RuleApprovers,
  type RuleCondition,
  type RuleInput,
} from './automation-rules.ts'
import type { CrmEntityFacts, CrmEntry } from './crm-entry.ts'
import type { OrgStructure } from './escalation.ts'

// Company (head 1) → sales (2, head 2) → key accounts (6, no head); finance (3, head 6).
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 1 },
    { id: 2, parentId: 1, headId: 2 },
    { id: 3, parentId: 1, headId: 6 },
    { id: 6, parentId: 2, headId: null },
  ],
  userDepartments: { '1': [1], '2': [2], '3': [2], '4': [6], '6': [3], '13': [] },
}

const facts: CrmEntityFacts = {
  title: 'Поставка оборудования',
  amount: 500_000,
  currency: 'RUB',
  pipelineId: 0,
  stageId: 'PREPARATION',
  sourceId: 'CALL',
  responsibleId: 3,
  userFields: { UF_CRM_REGION: 'north', UF_CRM_TAGS: ['vip', 'b2b'], UF_CRM_EMPTY: null },
}

function entryOf(overrides: Partial<CrmEntry> = {}, factOverrides: Partial<CrmEntityFacts> = {}): CrmEntry {
  const base = { kind: 'deal', entityId: 42, trigger: 'stage', entryId: 'e1', at: START } as const
  return { ...base, ...overrides, facts: { ...facts, ...factOverrides } }
}

function ruleOf(input: Partial<RuleInput> = {}, id = 'R1'): AutomationRule {
  const parsed = ruleInputSchema.parse({
    name: 'Big deals',
    trigger: { event: 'deal-stage', pipelineId: 0, stageId: 'PREPARATION' },
    action: { templateId: 'T1', approvers: { kind: 'template' } },
    ...input,
  })
  return { ...parsed, id, createdAt: START, updatedAt: START, updatedBy: 1 }
}

describe('triggerFires', () => {
  it.each([
    [{ event: 'deal-created' }, entryOf({ trigger: 'created' }), true],
    [{ event: 'deal-created' }, entryOf(), false],
    [{ event: 'deal-created' }, entryOf({ kind: 'lead', trigger: 'created' }), false],
    [{ event: 'deal-stage', pipelineId: 0, stageId: 'PREPARATION' }, entryOf(), true],
    // A deal created straight into the stage comes as a `created` and a `stage` entry: only the second fires.
    [{ event: 'deal-stage', pipelineId: 0, stageId: 'PREPARATION' }, entryOf({ trigger: 'created' }), false],
    [{ event: 'lead-status', statusId: 'PREPARATION' }, entryOf({ kind: 'lead', trigger: 'created' }), false],
    [{ event: 'deal-stage', pipelineId: 0, stageId: 'NEW' }, entryOf(), false],
    [{ event: 'deal-stage', pipelineId: 1, stageId: 'PREPARATION' }, entryOf(), false],
    [{ event: 'lead-created' }, entryOf({ kind: 'lead', trigger: 'created' }), true],
    [{ event: 'lead-status', statusId: 'PREPARATION' }, entryOf({ kind: 'lead' }), true],
    [{ event: 'lead-status', statusId: 'PREPARATION' }, entryOf(), false],
  ] as const)('%j on %j → %s', (trigger, entry, expected) => {
    expect(triggerFires(trigger, entry)).toBe(expected)
  })
})

describe('conditionHolds', () => {
  it.each<[RuleCondition, Partial<CrmEntityFacts>, boolean]>([
    [{ field: 'amount', operator: 'gte', value: 500_000, currency: 'RUB' }, {}, true],
    [{ field: 'amount', operator: 'gte', value: 500_001, currency: 'RUB' }, {}, false],
    [{ field: 'amount', operator: 'lte', value: 500_000, currency: 'RUB' }, {}, true],
    [{ field: 'amount', operator: 'lte', value: 499_999, currency: 'RUB' }, {}, false],
    // Another currency never matches: amounts are not converted.
    [{ field: 'amount', operator: 'gte', value: 1, currency: 'USD' }, {}, false],
    [{ field: 'pipeline', pipelineIds: [1, 0] }, {}, true],
    [{ field: 'pipeline', pipelineIds: [1] }, {}, false],
    [{ field: 'source', sourceIds: ['WEB', 'CALL'] }, {}, true],
    [{ field: 'source', sourceIds: ['WEB'] }, {}, false],
    [{ field: 'responsible', userIds: [3], departmentIds: [] }, {}, true],
    [{ field: 'responsible', userIds: [], departmentIds: [2] }, {}, true],
    // Departments below a named one count: user 4 sits in key accounts, under sales.
    [{ field: 'responsible', userIds: [], departmentIds: [2] }, { responsibleId: 4 }, true],
    [{ field: 'responsible', userIds: [], departmentIds: [3] }, {}, false],
    [{ field: 'responsible', userIds: [99], departmentIds: [6] }, { responsibleId: 13 }, false],
    [{ field: 'user-field', code: 'UF_CRM_REGION', value: 'north' }, {}, true],
    [{ field: 'user-field', code: 'UF_CRM_REGION', value: 'south' }, {}, false],
    [{ field: 'user-field', code: 'UF_CRM_TAGS', value: 'b2b' }, {}, true],
    [{ field: 'user-field', code: 'UF_CRM_EMPTY', value: '' }, {}, true],
    [{ field: 'user-field', code: 'UF_CRM_MISSING', value: 'x' }, {}, false],
    [{ field: 'user-field', code: 'UF_CRM_REGION', value: 'north' }, { userFields: { UF_CRM_REGION: 7 } }, false],
  ])('%j with %j → %s', (condition, overrides, expected) => {
    expect(conditionHolds(condition, { ...facts, ...overrides }, org)).toBe(expected)
  })
})

describe('rulesFor', () => {
  const big = ruleOf({ conditions: [{ field: 'amount', operator: 'gte', value: 100_000, currency: 'RUB' }] }, 'A')
  const small = ruleOf({ conditions: [{ field: 'amount', operator: 'lte', value: 99_999, currency: 'RUB' }] }, 'B')
  const off = ruleOf({ isActive: false }, 'C')
  const lead = ruleOf({ trigger: { event: 'lead-created' } }, 'D')

  it('keeps the active rules whose trigger fires and whose every condition holds', () => {
    expect(rulesFor([big, small, off, lead], entryOf(), org).map((r) => r.id)).toEqual(['A'])
    expect(rulesFor([big, small], entryOf({}, { amount: 5 }), org).map((r) => r.id)).toEqual(['B'])
  })
})

describe('planRuleApproval', () => {
  const template = {
    stages: [
      { approverIds: [10, 11, 12], rule: { kind: 'quorum' as const, count: 2 }, deadline: null },
      { approverIds: [20], rule: { kind: 'all' as const }, deadline: null },
    ],
  }

  it('keeps the template stages and lets the responsible person initiate', () => {
    const planned = planRuleApproval(ruleOf(), entryOf(), template, org)
    expect(planned).toEqual({
      ok: true,
      plan: {
        initiatorId: 3,
        stages: template.stages,
        origin: { id: 'R1', name: 'Big deals', stageOnApproved: null, stageOnRejected: null },
      },
    })
  })

  it.each<[RuleApprovers, number[], object, number]>([
    [{ kind: 'users', userIds: [7, 8] }, [7, 8], { kind: 'quorum', count: 2 }, 3],
    [{ kind: 'responsible' }, [3], { kind: 'quorum', count: 1 }, 1],
    [{ kind: 'responsible-head' }, [2], { kind: 'quorum', count: 1 }, 3],
  ])('puts %j into stage 1 → %j', (approvers, approverIds, rule, initiatorId) => {
    const planned = planRuleApproval(ruleOf({ action: { templateId: 'T1', approvers } }), entryOf(), template, org)
    if (!planned.ok) throw new Error(planned.message)
    expect(planned.plan.stages[0]).toEqual({ approverIds, rule, deadline: null })
    expect(planned.plan.stages[1]).toEqual(template.stages[1])
    // The responsible person approving their own deal does not initiate it: the rule's author does.
    expect(planned.plan.initiatorId).toBe(initiatorId)
  })

  it('refuses a head when nobody heads the responsible person', () => {
    const rule = ruleOf({ action: { templateId: 'T1', approvers: { kind: 'responsible-head' } } })
    const planned = planRuleApproval(rule, entryOf({}, { responsibleId: 1 }), template, org)
    expect(planned).toMatchObject({ ok: false, code: 'NO_RESPONSIBLE_HEAD' })
  })

  it('refuses a responsible approver when the entity has none', () => {
    const rule = ruleOf({ action: { templateId: 'T1', approvers: { kind: 'responsible' } } })
    const planned = planRuleApproval(rule, entryOf({}, { responsibleId: 0 }), template, org)
    expect(planned).toMatchObject({ ok: false, code: 'NO_RESPONSIBLE' })
  })

  it('drops a stage move into another pipeline than the deal is in', () => {
    const action = {
      templateId: 'T1',
      approvers: { kind: 'template' as const },
      stageOnApproved: 'C1:WON',
      stageOnRejected: 'LOSE',
    }
    const rule = ruleOf({ trigger: { event: 'deal-created' }, action })
    const planned = planRuleApproval(rule, entryOf({ trigger: 'created' }), template, org)
    if (!planned.ok) throw new Error(planned.message)
    expect(planned.plan.origin).toMatchObject({ stageOnApproved: null, stageOnRejected: 'LOSE' })
  })
})

describe('the stage move when a rule-started approval ends', () => {
  const rule = { id: 'R1', name: 'Big deals', stageOnApproved: 'WON', stageOnRejected: 'LOSE' }
  const subject = { kind: 'deal', id: 42, title: 'Deal', amount: null, currency: null, url: null } as const

  function started(overrides = {}) {
    const command = { draft: draftOf({ subject, ...overrides }), memberId: 'a1b2c3', initiatorId: 3, rule }
    return accepted(createApproval(command, { ...ctxAt(START), id: '01JDAPPROVAL00000000000009' })).state
  }
  const decide = (approval: ReturnType<typeof started>, userId: number, response: 'approve' | 'reject') =>
    accepted(applyCommand(approval, answer(userId, response, 'ok'), ctxAt(START)))

  it('moves to the approved stage when the last approver approves', () => {
    const approval = started({ stages: [{ approverIds: [10], rule: { kind: 'all' } }] })
    expect(approval.rule).toEqual(rule)
    expect(decide(approval, 10, 'approve').effects).toContainEqual({ type: 'stage-move', stageId: 'WON' })
  })

  it('moves to the rejected stage on a rejection, and never for a person-started approval', () => {
    const approval = started({ stages: [{ approverIds: [10], rule: { kind: 'all' } }] })
    expect(decide(approval, 10, 'reject').effects).toContainEqual({ type: 'stage-move', stageId: 'LOSE' })
    const byHand = accepted(
      createApproval(
        {
          draft: draftOf({ subject, stages: [{ approverIds: [10], rule: { kind: 'all' } }] }),
          memberId: 'a1b2c3',
          initiatorId: 3,
        },
        { ...ctxAt(START), id: '01JDAPPROVAL00000000000010' },
      ),
    ).state
    expect('rule' in byHand).toBe(false)
    expect(decide(byHand, 10, 'reject').effects.some((e) => e.type === 'stage-move')).toBe(false)
  })
})
