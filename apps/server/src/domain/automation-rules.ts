/**
 * @module Automation rules: what an admin sets up so that approvals start by themselves from CRM entries —
 * a trigger (deal created, deal enters a stage of a pipeline, lead created, lead enters a status), conditions
 * that must all hold, and the action (a template, its approvers, and the stages the deal or lead moves to when
 * the approval is approved or rejected). The shared zod schemas are the one definition of a valid rule; the SPA
 * checks its editor with them too.
 */
import { z } from 'zod'
import { MAX_APPROVERS_PER_STAGE, MAX_TITLE_LENGTH } from './approval-values.ts'
import { userIdSchema } from './approval-schemas.ts'

/** The most rules a portal keeps. */
export const MAX_RULES = 100
/** The most conditions of one rule. */
export const MAX_RULE_CONDITIONS = 20

/** A Bitrix24 stage or status id (`NEW`, `C1:PREPARATION`, `C3:UC_7Y2K1A`). */
export const crmStageIdSchema = z.string().regex(/^[A-Za-z0-9_:-]{1,64}$/, 'Not a Bitrix24 stage id.')
const pipelineIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const ids = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max)

/** What starts a rule: an entity created, or entering a deal stage of a pipeline or a lead status. */
export const ruleTriggerSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('deal-created') }),
  z.object({ event: z.literal('deal-stage'), pipelineId: pipelineIdSchema, stageId: crmStageIdSchema }),
  z.object({ event: z.literal('lead-created') }),
  z.object({ event: z.literal('lead-status'), statusId: crmStageIdSchema }),
])

/** One condition on the entity's facts as last read from the portal. */
export const ruleConditionSchema = z.discriminatedUnion('field', [
  z.object({
    field: z.literal('amount'),
    operator: z.enum(['gte', 'lte']),
    value: z.number().nonnegative().max(1e15),
    currency: z.string().regex(/^[A-Z]{3}$/, 'A currency is an ISO 4217 code such as RUB.'),
  }),
  z.object({ field: z.literal('pipeline'), pipelineIds: ids(pipelineIdSchema, 50).min(1) }),
  z.object({ field: z.literal('source'), sourceIds: ids(crmStageIdSchema, 50).min(1) }),
  z
    .object({
      field: z.literal('responsible'),
      userIds: ids(userIdSchema, 100).default([]),
      departmentIds: ids(z.number().int().positive(), 100).default([]),
    })
    .refine((c) => c.userIds.length + c.departmentIds.length > 0, {
      message: 'Name at least one user or department.',
      path: ['userIds'],
    }),
  z.object({
    field: z.literal('user-field'),
    code: z.string().regex(/^UF_[A-Z0-9_]{1,60}$/, 'A user field code looks like UF_CRM_1700000000.'),
    value: z.string().trim().max(255),
  }),
])

/**
 * Who approves: the template's stages as they are, or stage 1 of the template with these approvers instead —
 * fixed users, the entity's responsible person, or that person's head (the nearest head above them).
 */
export const ruleApproversSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('template') }),
  z.object({
    kind: z.literal('users'),
    userIds: ids(userIdSchema, MAX_APPROVERS_PER_STAGE)
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'An approver appears twice.'),
  }),
  z.object({ kind: z.literal('responsible') }),
  z.object({ kind: z.literal('responsible-head') }),
])

/** What a rule does: start an approval from a template, and optionally move the entity when it ends. */
export const ruleActionSchema = z.object({
  templateId: z.string().regex(/^[0-9A-Za-z]{1,40}$/, 'Choose a template.'),
  approvers: ruleApproversSchema,
  /** The deal stage (or lead status) the entity moves to when the approval is approved; `null` = stays. */
  stageOnApproved: crmStageIdSchema.nullable().default(null),
  /** The deal stage (or lead status) the entity moves to when the approval is rejected; `null` = stays. */
  stageOnRejected: crmStageIdSchema.nullable().default(null),
  /** Attach the files of the entity's timeline comments (issue 21); absent in rules saved before. */
  isAttachingFiles: z.boolean().default(false),
})

/** The pipeline a deal stage id belongs to: `C<n>:` names pipeline n, no prefix the default pipeline 0. */
export function pipelineOfStage(stageId: string): number {
  const match = /^C(\d+):/.exec(stageId)
  return match ? Number(match[1]) : 0
}

/** The entity kind a trigger watches. */
export function triggerKind(trigger: RuleTrigger): 'deal' | 'lead' {
  return trigger.event.startsWith('deal') ? 'deal' : 'lead'
}

/** A rule as an admin sends it (create or replace). */
export const ruleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(MAX_TITLE_LENGTH),
    isActive: z.boolean().default(true),
    trigger: ruleTriggerSchema,
    conditions: z.array(ruleConditionSchema).max(MAX_RULE_CONDITIONS).default([]),
    action: ruleActionSchema,
  })
  .superRefine((rule, ctx) => {
    const kind = triggerKind(rule.trigger)
    rule.conditions.forEach((condition, index) => {
      if (kind === 'lead' && condition.field === 'pipeline') {
        ctx.addIssue({ code: 'custom', path: ['conditions', index], message: 'Leads have no pipelines.' })
      }
    })
    if (rule.trigger.event !== 'deal-stage') return
    const pipelineId = rule.trigger.pipelineId
    if (pipelineOfStage(rule.trigger.stageId) !== pipelineId) {
      ctx.addIssue({ code: 'custom', path: ['trigger', 'stageId'], message: 'The stage is not in this pipeline.' })
    }
    for (const key of ['stageOnApproved', 'stageOnRejected'] as const) {
      const stageId = rule.action[key]
      if (stageId !== null && pipelineOfStage(stageId) !== pipelineId) {
        ctx.addIssue({
          code: 'custom',
          path: ['action', key],
          message: 'The stage is not in the pipeline of the rule.',
        })
      }
    }
  })

/** A rule's trigger. */
export type RuleTrigger = z.output<typeof ruleTriggerSchema>
/** A rule's condition. */
export type RuleCondition = z.output<typeof ruleConditionSchema>
/** A rule's approvers. */
export type RuleApprovers = z.output<typeof ruleApproversSchema>
/** A rule as sent. */
export type RuleInput = z.input<typeof ruleInputSchema>
/** A rule's content after validation. */
export type RuleDefinition = z.output<typeof ruleInputSchema>

/** A stored rule: its content, id, and who saved it when. */
export interface AutomationRule extends RuleDefinition {
  id: string
  createdAt: string
  updatedAt: string
  /** The admin who last saved the rule: the approval's initiator when the responsible person is an approver. */
  updatedBy: number
}
