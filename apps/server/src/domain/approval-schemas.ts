/**
 * @module Shared zod schemas for approval inputs: the API validates requests with them, the SPA validates forms
 * with them, and the domain re-checks drafts with them, so all three agree on the limits.
 */
import { z } from 'zod'
import {
  MAX_APPROVERS_PER_APPROVAL,
  MAX_APPROVERS_PER_STAGE,
  MAX_DEADLINE_WORKING_HOURS,
  MAX_DESCRIPTION_LENGTH,
  MAX_REMINDER_INTERVAL_WORKING_HOURS,
  MAX_REMINDERS_PER_STAGE,
  MAX_STAGES,
  MAX_ROLES_PER_STAGE,
  MAX_TITLE_LENGTH,
  chainEndActions,
  commentPolicies,
  subjectKinds,
  timeoutActions,
} from './approval-values.ts'
import { MAX_COMMENT_LENGTH } from './comment-policy.ts'
import type { InputIssue } from './refusal.ts'

/** A Bitrix24 user id. */
export const userIdSchema = z.number().int().positive()

/** A decision rule (see `DecisionRule`). */
export const decisionRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('any') }),
  z.object({ kind: z.literal('quorum'), count: z.number().int().min(1).max(MAX_APPROVERS_PER_STAGE) }),
  z.object({ kind: z.literal('percent'), percent: z.number().int().min(1).max(100) }),
])

/** A timeout action. */
export const timeoutActionSchema = z.enum(timeoutActions)

/** A comment policy. */
export const commentPolicySchema = z.enum(commentPolicies)

/** An approver's answer. */
export const responseKindSchema = z.enum(['approve', 'reject', 'send-back'])

/**
 * A stage deadline, in working hours from the stage's start (at most about a working year); with `escalate`,
 * what applies once the chain of heads reaches the top.
 */
export const stageDeadlineSchema = z.object({
  workingHours: z.number().positive().max(MAX_DEADLINE_WORKING_HOURS),
  action: timeoutActionSchema,
  afterEscalation: z.enum(chainEndActions).optional(),
})

const departmentIdSchema = z.number().int().positive()

/** An approver named by role (see `ApproverRole`). */
export const approverRoleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('initiator-head') }),
  z.object({ kind: z.literal('responsible') }),
  z.object({ kind: z.literal('department-head'), departmentId: departmentIdSchema }),
  z.object({ kind: z.literal('department-members'), departmentId: departmentIdSchema }),
  z.object({ kind: z.literal('group-members'), groupId: z.number().int().positive() }),
])

/** When a stage applies (see `StageCondition`); a test left out (or `null`) always holds. */
export const stageConditionSchema = z.object({
  minAmount: z
    .object({
      amount: z.number().nonnegative().max(1e15),
      currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 currency code, e.g. RUB.'),
    })
    .nullable()
    .default(null),
  pipelineIds: z.array(z.number().int().nonnegative()).min(1).max(50).nullable().default(null),
  sourceIds: z.array(z.string().trim().min(1).max(50)).min(1).max(50).nullable().default(null),
})

/**
 * One stage: up to 50 distinct approvers and up to {@link MAX_ROLES_PER_STAGE} roles (at least one of either), a
 * rule a stage of that size can meet, an optional deadline, and an optional condition on the subject.
 */
export const stageSchema = z
  .object({
    approverIds: z
      .array(userIdSchema)
      .max(MAX_APPROVERS_PER_STAGE, `A stage holds at most ${MAX_APPROVERS_PER_STAGE} approvers.`),
    roles: z.array(approverRoleSchema).max(MAX_ROLES_PER_STAGE).optional(),
    condition: stageConditionSchema.nullable().optional(),
    rule: decisionRuleSchema,
    deadline: stageDeadlineSchema.nullable().default(null),
  })
  .superRefine((stage, ctx) => {
    const roles = stage.roles ?? []
    if (stage.approverIds.length === 0 && roles.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['approverIds'], message: 'A stage needs at least one approver.' })
    }
    if (new Set(stage.approverIds).size !== stage.approverIds.length) {
      ctx.addIssue({ code: 'custom', path: ['approverIds'], message: 'An approver appears twice in this stage.' })
    }
    if (new Set(roles.map((role) => JSON.stringify(role))).size !== roles.length) {
      ctx.addIssue({ code: 'custom', path: ['roles'], message: 'A role appears twice in this stage.' })
    }
    // With roles the stage's size is known only when it starts; the quorum is then capped at the seats found.
    if (roles.length === 0 && stage.rule.kind === 'quorum' && stage.rule.count > stage.approverIds.length) {
      ctx.addIssue({ code: 'custom', path: ['rule', 'count'], message: 'The quorum exceeds the number of approvers.' })
    }
  })

/**
 * The stages of an approval or a template: 1–10 stages with at most {@link MAX_APPROVERS_PER_APPROVAL} places
 * in all.
 */
export const stagesSchema = z
  .array(stageSchema)
  .min(1, 'An approval needs at least one stage.')
  .max(MAX_STAGES, `An approval has at most ${MAX_STAGES} stages.`)
  .superRefine((stages, ctx) => {
    const places = stages.reduce((sum, stage) => sum + stage.approverIds.length, 0)
    if (places <= MAX_APPROVERS_PER_APPROVAL) return
    const message = `An approval holds at most ${MAX_APPROVERS_PER_APPROVAL} approvers in all its stages (${places} given).`
    ctx.addIssue({ code: 'custom', path: [], message })
  })

/** The Bitrix24 item an approval is about. */
export const subjectSchema = z.object({
  kind: z.enum(subjectKinds),
  id: z.number().int().positive(),
  title: z.string().trim().max(MAX_TITLE_LENGTH).default(''),
  amount: z.number().nonnegative().nullable().default(null),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .default(null),
  // Only web links: the SPA and Telegram render this as a link, so `javascript:` and the like are refused.
  url: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
  responsibleId: z.number().int().positive().nullable().optional(),
  pipelineId: z.number().int().nonnegative().nullable().optional(),
  sourceId: z.string().max(50).nullable().optional(),
})

/**
 * The Bitrix24 item an approval is about, as a client names it: only the kind and the id. The server reads the
 * title, amount, currency, responsible and link from Bitrix24 with the client's own token.
 */
export const subjectRefSchema = z.object({
  kind: z.enum(subjectKinds),
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
})

/** A subject as a client names it. */
export type SubjectRef = z.output<typeof subjectRefSchema>

/** Reminders: every N working hours, at most M times per stage. */
export const reminderPolicySchema = z.object({
  everyWorkingHours: z.number().positive().max(MAX_REMINDER_INTERVAL_WORKING_HOURS),
  maxCount: z.number().int().min(1).max(MAX_REMINDERS_PER_STAGE),
})

/**
 * The portal's defaults for new approvals (rule, stage deadline, reminders, comment policy, whether sending back
 * is allowed); `approvalDefaultsSchema.parse({})` is what a portal that saved none gets.
 */
export const approvalDefaultsSchema = z.object({
  rule: decisionRuleSchema.default({ kind: 'all' }),
  stageDeadline: stageDeadlineSchema.nullable().default(null),
  reminders: reminderPolicySchema.nullable().default(null),
  commentPolicy: commentPolicySchema.default('required-on-reject'),
  /** Whether new approvals may be sent back for revision, unless their template or draft says otherwise. */
  isSendBackAllowed: z.boolean().default(true),
})

/** The approval's own deadline: an instant with an offset, and what happens then. */
export const approvalDeadlineSchema = z.object({
  dueAt: z.iso.datetime({ offset: true }),
  action: timeoutActionSchema,
})

/** What the initiator fills in to start an approval (the portal and initiator come from authentication). */
export const approvalDraftSchema = z.object({
  title: z.string().trim().min(1).max(MAX_TITLE_LENGTH),
  description: z.string().max(MAX_DESCRIPTION_LENGTH).default(''),
  subject: subjectSchema.nullable().default(null),
  templateId: z.string().min(1).max(64).nullable().default(null),
  commentPolicy: commentPolicySchema.default('optional'),
  /** Whether approvers may send back for revision; left out, the template's or the portal's default applies. */
  isSendBackAllowed: z.boolean().optional(),
  stages: stagesSchema,
  deadline: approvalDeadlineSchema.nullable().default(null),
  reminders: reminderPolicySchema.nullable().default(null),
})

/** A draft as sent (defaults may be left out). */
export type ApprovalDraftInput = z.input<typeof approvalDraftSchema>
/** A draft after validation. */
export type ApprovalDraft = z.output<typeof approvalDraftSchema>

/**
 * A draft as the SPA sends it: the subject is named by kind and id only (anything else sent with it is dropped),
 * and the server fills it in from Bitrix24.
 */
export const approvalRequestSchema = approvalDraftSchema.extend({ subject: subjectRefSchema.nullable().default(null) })

/** A draft request as sent. */
export type ApprovalRequestInput = z.input<typeof approvalRequestSchema>
/** A draft request after validation. */
export type ApprovalRequest = z.output<typeof approvalRequestSchema>

/** What the initiator may change when resubmitting a returned approval; absent fields stay as they were. */
export const resubmitChangesSchema = z.object({
  title: z.string().trim().min(1).max(MAX_TITLE_LENGTH).optional(),
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  subject: subjectSchema.nullable().optional(),
  stages: stagesSchema.optional(),
  deadline: approvalDeadlineSchema.nullable().optional(),
  reminders: reminderPolicySchema.nullable().optional(),
})

/** Resubmission changes as the SPA sends them: a new subject is named by kind and id only. */
export const resubmitRequestSchema = resubmitChangesSchema.extend({ subject: subjectRefSchema.nullable().optional() })

/** Resubmission changes as sent. */
export type ResubmitChangesInput = z.input<typeof resubmitChangesSchema>
/** Resubmission changes after validation. */
export type ResubmitChanges = z.output<typeof resubmitChangesSchema>

/** A decision request. */
export const decisionInputSchema = z.object({
  response: responseKindSchema,
  comment: z.string().max(MAX_COMMENT_LENGTH).nullable().optional(),
})

const reasonSchema = z.string().trim().min(1).max(1000)

/** A reassignment request: whose place, to whom, why. */
export const reassignInputSchema = z.object({ fromUserId: userIdSchema, toUserId: userIdSchema, reason: reasonSchema })

/** A cancel request. */
export const cancelInputSchema = z.object({ reason: reasonSchema })

/** Whether `name` is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch (error) {
    // Intl answers an unknown zone with a RangeError; that is the validation verdict, not a failure.
    if (error instanceof RangeError) return false
    throw error
  }
}

/** A portal's working calendar (see `WorkingCalendar`). */
export const workingCalendarSchema = z
  .object({
    timeZone: z.string().min(1).refine(isTimeZone, 'Unknown IANA time zone.'),
    workingDays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    startHour: z.number().int().min(0).max(23),
    endHour: z.number().int().min(1).max(24),
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
      .max(400)
      .default([]),
  })
  .refine((calendar) => calendar.endHour > calendar.startHour, {
    path: ['endHour'],
    message: 'The working day must end after it starts.',
  })

/** Turns zod issues into the domain's `INVALID_INPUT` issue list. */
export function toInputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}
