/**
 * @module The new-approval form as plain data: where it starts (the portal's defaults, then a template), and its
 * translation to the API's draft, validated with the shared schema (`approvalRequestSchema`) so the form and the
 * server agree on every limit. The subject goes as its kind and id only: the server reads the rest from Bitrix24.
 */
import type { z } from 'zod'
import { dueAtIssue } from '../../../server/src/domain/approval-deadline.ts'
import {
  approvalDefaultsSchema,
  approvalRequestSchema,
  type ApprovalRequestInput,
  type decisionRuleSchema,
  type approverRoleSchema,
  type reminderPolicySchema,
  type stageConditionSchema,
  type stageDeadlineSchema,
} from '../../../server/src/domain/approval-schemas.ts'
import type { SettingsDto, TemplateDto } from '../api/types.ts'
import type { CrmSubject } from './crm-subject.ts'
import type { FormIssue } from './form-issues.ts'

/** A decision rule: all, any, quorum N or percent P. */
export type DecisionRule = z.output<typeof decisionRuleSchema>
/** An approver named by role, resolved when the stage starts. */
export type ApproverRole = z.output<typeof approverRoleSchema>
/** When a stage applies: the subject's amount, pipeline, source. */
export type StageCondition = z.output<typeof stageConditionSchema>
/** A stage deadline in working hours and what happens when it passes. */
export type StageDeadline = z.output<typeof stageDeadlineSchema>
/** Reminders: every N working hours, at most M times a stage. */
export type ReminderPolicy = z.output<typeof reminderPolicySchema>
/** What happens when a deadline passes. */
export type TimeoutAction = StageDeadline['action']
/** The portal's defaults for new approvals (`defaults` of `GET /api/app/settings`). */
export type FormDefaults = SettingsDto['defaults']

/**
 * The defaults the server applies to a portal that saved no settings (the shared `approvalDefaultsSchema`); the form starts
 * from them until the portal's own arrive, or when they cannot be read.
 */
export const BUILT_IN_DEFAULTS: FormDefaults = approvalDefaultsSchema.parse({})

/** One stage of the form, in the API's shape. */
export interface StageForm {
  approverIds: number[]
  /** Roles resolved when the stage starts (the initiator's head, a department's members…). */
  roles: ApproverRole[]
  /** `null`: the stage always applies. */
  condition: StageCondition | null
  rule: DecisionRule
  /** `null`: the stage has no deadline of its own. */
  deadline: StageDeadline | null
}

/** The form's fields. */
export interface ApprovalForm {
  title: string
  description: string
  commentPolicy: FormDefaults['commentPolicy']
  isSendBackAllowed: boolean
  stages: StageForm[]
  /** `YYYY-MM-DDTHH:mm` in the browser's time zone, or '' for none. */
  dueAt: string
  timeoutAction: TimeoutAction
  /** `null`: no reminders. */
  reminders: ReminderPolicy | null
  /** The deal or lead, with the title, amount, currency and card URL read from the portal. */
  subject: CrmSubject | null
  templateId: string | null
}

/** What a stage deadline starts as when it is switched on and the portal has no default deadline. */
export const FIRST_STAGE_DEADLINE: StageDeadline = { workingHours: 8, action: 'mark-overdue' }
/** What reminders start as when they are switched on and the portal has no default reminders. */
export const FIRST_REMINDERS: ReminderPolicy = { everyWorkingHours: 4, maxCount: 3 }

const copyOf = <T extends object | null>(value: T): T => (value === null ? value : { ...value })

/** A stage without approvers, with the rule and deadline of `defaults`. */
export function blankStage(defaults: FormDefaults = BUILT_IN_DEFAULTS): StageForm {
  return {
    approverIds: [],
    roles: [],
    condition: null,
    rule: { ...defaults.rule },
    deadline: copyOf(defaults.stageDeadline),
  }
}

/** An empty form started from the portal's `defaults`; `subject` prefills it (the CRM tab's "request approval"). */
export function emptyApprovalForm(
  subject: ApprovalForm['subject'] = null,
  defaults: FormDefaults = BUILT_IN_DEFAULTS,
): ApprovalForm {
  return {
    title: '',
    description: '',
    commentPolicy: defaults.commentPolicy,
    isSendBackAllowed: defaults.isSendBackAllowed,
    stages: [blankStage(defaults)],
    dueAt: '',
    timeoutAction: defaults.stageDeadline?.action ?? 'mark-overdue',
    reminders: copyOf(defaults.reminders),
    subject,
    templateId: null,
  }
}

/** A copy of a condition; plain spreads, as `structuredClone` refuses the form's reactive proxies. */
const copyCondition = (condition: StageCondition): StageCondition => ({
  minAmount: copyOf(condition.minAmount),
  pipelineIds: condition.pipelineIds ? [...condition.pipelineIds] : null,
  sourceIds: condition.sourceIds ? [...condition.sourceIds] : null,
})

/** Copies of `stages` (roles and condition included), so editing one leaves the other alone. */
export const copyStages = (stages: readonly (Omit<StageForm, 'roles' | 'condition'> & Partial<StageForm>)[]) =>
  stages.map((stage): StageForm => ({
    approverIds: [...stage.approverIds],
    roles: (stage.roles ?? []).map((role) => ({ ...role })),
    condition: stage.condition ? copyCondition(stage.condition) : null,
    rule: { ...stage.rule },
    deadline: copyOf(stage.deadline),
  }))

/** The template's stages as form stages (copies, so editing the form leaves the template alone). */
export function stagesOfTemplate(template: Pick<TemplateDto, 'stages'>): StageForm[] {
  return copyStages(template.stages)
}

/**
 * The form prefilled from `template` over the portal's `defaults`: its stages (rules, deadlines), comment policy
 * and reminders replace the form's; its description fills an empty one; "send back" follows the template, or the
 * portal when the template leaves it open. `null` only clears the template choice.
 */
export function withTemplate(form: ApprovalForm, template: TemplateDto | null, defaults: FormDefaults): ApprovalForm {
  if (!template) return { ...form, templateId: null }
  return {
    ...form,
    templateId: template.id,
    commentPolicy: template.commentPolicy,
    isSendBackAllowed: template.isSendBackAllowed ?? defaults.isSendBackAllowed,
    stages: stagesOfTemplate(template),
    reminders: copyOf(template.reminders),
    description: form.description || template.description,
  }
}

/** The API draft for the form (not yet validated). */
export function toDraftInput(form: ApprovalForm): ApprovalRequestInput {
  return {
    title: form.title,
    description: form.description,
    commentPolicy: form.commentPolicy,
    isSendBackAllowed: form.isSendBackAllowed,
    templateId: form.templateId,
    stages: copyStages(form.stages),
    deadline: form.dueAt ? { dueAt: new Date(form.dueAt).toISOString(), action: form.timeoutAction } : null,
    subject: form.subject ? { kind: form.subject.kind, id: form.subject.id } : null,
    reminders: copyOf(form.reminders),
  }
}

/**
 * Validates the form at `now`: the draft to send, or the problems with the path of the field each is about. The
 * approval deadline is checked as the server will (in the future, at most a year ahead).
 */
export function validateApprovalForm(
  form: ApprovalForm,
  now: Date = new Date(),
): { ok: true; draft: ApprovalRequestInput } | { ok: false; issues: FormIssue[] } {
  const draft = toDraftInput(form)
  const parsed = approvalRequestSchema.safeParse(draft)
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
  const dueAt = draft.deadline?.dueAt
  const deadlineIssue = dueAt ? dueAtIssue(dueAt, now) : null
  if (deadlineIssue) issues.push(deadlineIssue)
  return issues.length ? { ok: false, issues } : { ok: true, draft }
}
