/**
 * @module Editing an automation rule: the form the Automation page edits, its translation to and from the API's
 * rule, and the stage choices the pickers offer for the trigger and the stage moves (from the portal's catalog).
 */
import { ref } from 'vue'
import type { AutomationRuleDto, AutomationRuleInput, CrmCatalogDto } from '../api/types.ts'
import type { FormIssue } from './form-issues.ts'

/** A rule's trigger event. */
export type RuleEvent = AutomationRuleInput['trigger']['event']
/** One condition as the API takes it. */
export type RuleConditionInput = NonNullable<AutomationRuleInput['conditions']>[number]
/** Who approves. */
export type ApproversKind = AutomationRuleInput['action']['approvers']['kind']

/** The events a rule may start on, in the order the editor offers them. */
export const ruleEvents: RuleEvent[] = ['deal-created', 'deal-stage', 'lead-created', 'lead-status']
/** The approver choices, in the order the editor offers them. */
export const approversKinds: ApproversKind[] = ['template', 'users', 'responsible', 'responsible-head']

/** The stage-move choice "stays where it is" (a select item cannot have an empty value; no stage id has a dash). */
export const noStageMove = '—'

/** The editor's form: flat, so every select binds to one field; {@link noStageMove} = no stage move. */
export interface RuleForm {
  name: string
  isActive: boolean
  event: RuleEvent
  pipelineId: number
  stageId: string
  conditions: RuleConditionInput[]
  templateId: string
  approversKind: ApproversKind
  approverIds: number[]
  stageOnApproved: string
  stageOnRejected: string
  isAttachingFiles: boolean
}

const noMoves = { stageOnApproved: noStageMove, stageOnRejected: noStageMove }

/** A new rule: a deal entering a stage of the default pipeline. */
export function emptyRuleForm(): RuleForm {
  return {
    ...{ name: '', isActive: true, event: 'deal-stage', pipelineId: 0, stageId: '', conditions: [] },
    ...{ templateId: '', approversKind: 'template', approverIds: [], ...noMoves, isAttachingFiles: false },
  }
}

/** The form of a stored rule. */
export function ruleFormOf(rule: AutomationRuleDto): RuleForm {
  const { trigger, action } = rule
  const approvers = action.approvers
  return {
    ...{ name: rule.name, isActive: rule.isActive, event: trigger.event },
    pipelineId: trigger.event === 'deal-stage' ? trigger.pipelineId : 0,
    stageId: trigger.event === 'deal-stage' ? trigger.stageId : trigger.event === 'lead-status' ? trigger.statusId : '',
    conditions: structuredClone(rule.conditions),
    ...{ templateId: action.templateId, approversKind: approvers.kind },
    approverIds: approvers.kind === 'users' ? [...approvers.userIds] : [],
    stageOnApproved: action.stageOnApproved ?? noStageMove,
    stageOnRejected: action.stageOnRejected ?? noStageMove,
    isAttachingFiles: action.isAttachingFiles ?? false,
  }
}

function triggerOf(form: RuleForm): AutomationRuleInput['trigger'] {
  if (form.event === 'deal-stage') return { event: form.event, pipelineId: form.pipelineId, stageId: form.stageId }
  if (form.event === 'lead-status') return { event: form.event, statusId: form.stageId }
  return { event: form.event }
}

/** The rule to send for a form (the server checks it and answers field problems). */
export function ruleInputOf(form: RuleForm): AutomationRuleInput {
  const approvers =
    form.approversKind === 'users'
      ? { kind: 'users' as const, userIds: form.approverIds }
      : { kind: form.approversKind }
  return {
    ...{ name: form.name, isActive: form.isActive, trigger: triggerOf(form), conditions: form.conditions },
    action: {
      ...{ templateId: form.templateId, approvers: approvers as AutomationRuleInput['action']['approvers'] },
      stageOnApproved: form.stageOnApproved === noStageMove ? null : form.stageOnApproved,
      stageOnRejected: form.stageOnRejected === noStageMove ? null : form.stageOnRejected,
      isAttachingFiles: form.isAttachingFiles,
    },
  }
}

/** Whether the form's rule watches leads. */
export const isLeadRule = (form: RuleForm) => form.event.startsWith('lead')

/**
 * The pipeline a deal rule's stage moves stay in: the trigger's, or for "deal created" the one pipeline a
 * pipeline condition names (the default pipeline otherwise).
 */
export function movePipelineOf(form: RuleForm): number {
  if (form.event === 'deal-stage') return form.pipelineId
  const condition = form.conditions.find((c) => c.field === 'pipeline')
  return condition?.field === 'pipeline' && condition.pipelineIds.length === 1 ? condition.pipelineIds[0]! : 0
}

/** The stages (deal) or statuses (lead) the form's trigger and stage moves choose from. */
export function stageChoices(catalog: CrmCatalogDto | null, form: RuleForm, pipelineId: number) {
  if (!catalog) return []
  if (isLeadRule(form)) return catalog.leadStatuses
  return catalog.pipelines.find((p) => p.id === pipelineId)?.stages ?? []
}

/** A condition of `field` with its empty values. */
export function newCondition(field: RuleConditionInput['field']): RuleConditionInput {
  switch (field) {
    case 'amount':
      return { field, operator: 'gte', value: 0, currency: 'RUB' }
    case 'pipeline':
      return { field, pipelineIds: [] }
    case 'source':
      return { field, sourceIds: [] }
    case 'responsible':
      return { field, userIds: [], departmentIds: [] }
    case 'user-field':
      return { field, code: 'UF_CRM_', value: '' }
  }
}

/** The rule being edited (`form`, null when closed), which one (`editingId`) and the server's field problems. */
export function useRuleEditor() {
  const form = ref<RuleForm | null>(null)
  const editingId = ref<string | undefined>()
  const issues = ref<FormIssue[]>([])

  /** Opens the editor empty, or with `rule`. */
  function open(rule?: AutomationRuleDto) {
    editingId.value = rule?.id
    issues.value = []
    form.value = rule ? ruleFormOf(rule) : emptyRuleForm()
  }

  const close = () => void (form.value = null)
  return { form, editingId, issues, open, close }
}

/** A rule's trigger in words, with the pipeline's and stage's names from the catalog where it has them. */
export function describeTrigger(
  rule: Pick<AutomationRuleDto, 'trigger'>,
  catalog: CrmCatalogDto | null,
  t: (key: string, params?: Record<string, unknown>) => string,
): string {
  const trigger = rule.trigger
  if (trigger.event === 'deal-stage') {
    const pipeline = catalog?.pipelines.find((p) => p.id === trigger.pipelineId)
    const stage = pipeline?.stages.find((s) => s.id === trigger.stageId)?.name ?? trigger.stageId
    return t('automation.describe.deal-stage', { stage, pipeline: pipeline?.name ?? `#${trigger.pipelineId}` })
  }
  if (trigger.event === 'lead-status') {
    const status = catalog?.leadStatuses.find((s) => s.id === trigger.statusId)?.name ?? trigger.statusId
    return t('automation.describe.lead-status', { status })
  }
  return t('automation.events.' + trigger.event)
}
