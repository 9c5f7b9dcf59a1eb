/**
 * @module Evaluating automation rules against a CRM entry: which rules an entry sets off, and the approval a rule
 * starts for it (stages, initiator, the stage moves when it ends).
 */
import type { RuleOrigin, StageDefinition, UserId } from './approval.ts'
import type { AutomationRule, RuleCondition, RuleTrigger } from './automation-rules.ts'
import { pipelineOfStage } from './automation-rules.ts'
import type { CrmEntityFacts, CrmEntry } from './crm-entry.ts'
import { headsAbove, type OrgStructure } from './escalation.ts'

/**
 * Whether `trigger` fires on `entry`. A stage or status trigger fires on `stage` entries only: a deal created
 * straight into the stage has entered it (as Bitrix24's own robots see it), and the CRM event processing reports
 * that as a `created` entry and a `stage` entry of its own, so firing on both would start the rule twice.
 */
export function triggerFires(trigger: RuleTrigger, entry: CrmEntry): boolean {
  const { facts } = entry
  switch (trigger.event) {
    case 'deal-created':
      return entry.kind === 'deal' && entry.trigger === 'created'
    case 'deal-stage':
      return (
        entry.kind === 'deal' &&
        entry.trigger === 'stage' &&
        facts.pipelineId === trigger.pipelineId &&
        facts.stageId === trigger.stageId
      )
    case 'lead-created':
      return entry.kind === 'lead' && entry.trigger === 'created'
    case 'lead-status':
      return entry.kind === 'lead' && entry.trigger === 'stage' && facts.stageId === trigger.statusId
  }
}

/** The departments `userId` belongs to, with every department above them. */
function departmentsWithParents(org: OrgStructure, userId: UserId): Set<number> {
  const parentOf = new Map(org.departments.map((d) => [d.id, d.parentId]))
  const found = new Set<number>()
  for (const start of org.userDepartments[String(userId)] ?? []) {
    for (let id: number | null | undefined = start; id != null && !found.has(id); id = parentOf.get(id)) found.add(id)
  }
  return found
}

/** A user field's value as text: every element of a multiple field, `''` for an empty one. */
function fieldTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [''] : value.flatMap(fieldTexts)
  if (value === null || value === undefined || value === false) return ['']
  return [String(value).trim()]
}

/**
 * Whether `condition` holds for `facts`. An amount is compared only in its own currency (a deal in another
 * currency does not match); a responsible condition holds for the users named and for everyone in the named
 * departments or below them.
 */
export function conditionHolds(condition: RuleCondition, facts: CrmEntityFacts, org: OrgStructure): boolean {
  switch (condition.field) {
    case 'amount':
      if (facts.currency !== condition.currency) return false
      return condition.operator === 'gte' ? facts.amount >= condition.value : facts.amount <= condition.value
    case 'pipeline':
      return condition.pipelineIds.includes(facts.pipelineId)
    case 'source':
      return condition.sourceIds.includes(facts.sourceId)
    case 'responsible': {
      if (condition.userIds.includes(facts.responsibleId)) return true
      const departments = departmentsWithParents(org, facts.responsibleId)
      return condition.departmentIds.some((id) => departments.has(id))
    }
    case 'user-field':
      return fieldTexts(facts.userFields[condition.code]).includes(condition.value)
  }
}

/** The active rules that `entry` sets off, in the order given. */
export function rulesFor<R extends AutomationRule>(rules: readonly R[], entry: CrmEntry, org: OrgStructure): R[] {
  return rules.filter(
    (rule) =>
      rule.isActive &&
      triggerFires(rule.trigger, entry) &&
      rule.conditions.every((condition) => conditionHolds(condition, entry.facts, org)),
  )
}

/** What a rule starts for an entry: the stages, who initiates it, and where it came from. */
export interface RuleApprovalPlan {
  initiatorId: UserId
  stages: StageDefinition[]
  origin: RuleOrigin
}

/** Why a rule could not start its approval for an entry (recorded on the rule). */
export interface RulePlanRefusal {
  ok: false
  code: 'NO_RESPONSIBLE' | 'NO_RESPONSIBLE_HEAD'
  message: string
}

function approversOf(
  rule: AutomationRule,
  facts: CrmEntityFacts,
  org: OrgStructure,
): UserId[] | null | RulePlanRefusal {
  const approvers = rule.action.approvers
  if (approvers.kind === 'template') return null
  if (approvers.kind === 'users') return approvers.userIds
  if (facts.responsibleId <= 0) {
    return { ok: false, code: 'NO_RESPONSIBLE', message: 'The entity has no responsible person.' }
  }
  if (approvers.kind === 'responsible') return [facts.responsibleId]
  const head = headsAbove(org, facts.responsibleId)[0]
  if (head === undefined) {
    const message = `Nobody heads a department above user ${facts.responsibleId}.`
    return { ok: false, code: 'NO_RESPONSIBLE_HEAD', message }
  }
  return [head]
}

/** A stage with other approvers; a quorum larger than them shrinks to all of them. */
function withApprovers(stage: StageDefinition, approverIds: UserId[]): StageDefinition {
  const rule =
    stage.rule.kind === 'quorum' && stage.rule.count > approverIds.length
      ? { kind: 'quorum' as const, count: approverIds.length }
      : stage.rule
  return { ...stage, approverIds, rule }
}

/**
 * A stage move that fits the entity: a deal moves only within its own pipeline, so a move to a stage of another
 * pipeline (possible for a "deal created" rule) is dropped.
 */
function fittingStage(stageId: string | null, entry: CrmEntry): string | null {
  if (stageId === null || entry.kind === 'lead') return stageId
  return pipelineOfStage(stageId) === entry.facts.pipelineId ? stageId : null
}

/**
 * Plans the approval `rule` starts for `entry` from the template's `stages`: stage 1 takes the rule's approvers
 * (unless the rule keeps the template's); the entity's responsible person initiates it, or — when they are one of
 * the approvers — the admin who last saved the rule.
 */
export function planRuleApproval(
  rule: AutomationRule,
  entry: CrmEntry,
  template: { stages: readonly StageDefinition[] },
  org: OrgStructure,
): { ok: true; plan: RuleApprovalPlan } | RulePlanRefusal {
  const approvers = approversOf(rule, entry.facts, org)
  if (approvers !== null && !Array.isArray(approvers)) return approvers
  const stages = template.stages.map((stage, index) =>
    index === 0 && approvers !== null ? withApprovers(stage, approvers) : stage,
  )
  const everyone = new Set(stages.flatMap((stage) => stage.approverIds))
  const responsible = entry.facts.responsibleId
  const initiatorId = responsible > 0 && !everyone.has(responsible) ? responsible : rule.updatedBy
  const origin: RuleOrigin = {
    id: rule.id,
    name: rule.name,
    stageOnApproved: fittingStage(rule.action.stageOnApproved, entry),
    stageOnRejected: fittingStage(rule.action.stageOnRejected, entry),
  }
  return { ok: true, plan: { initiatorId, stages, origin } }
}
