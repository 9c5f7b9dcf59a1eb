/**
 * @module The new-approval form as plain data, and its translation to the API's draft, validated with the
 * shared schema (`approvalDraftSchema`) so the form and the server agree on every limit.
 */
import { approvalDraftSchema, type ApprovalDraftInput } from '../../../server/src/domain/approval-schemas.ts'
import type { CrmSubject } from './crm-subject.ts'

/** A decision rule as the form edits it. */
export type RuleKind = 'all' | 'any' | 'quorum'

/** One stage of the form. */
export interface StageForm {
  approverIds: number[]
  rule: RuleKind
  quorum: number
}

/** The form's fields. */
export interface ApprovalForm {
  title: string
  description: string
  commentPolicy: NonNullable<ApprovalDraftInput['commentPolicy']>
  stages: StageForm[]
  /** `YYYY-MM-DDTHH:mm` in the browser's time zone, or '' for none. */
  dueAt: string
  timeoutAction: 'reject' | 'approve' | 'escalate' | 'mark-overdue'
  /** The deal or lead, with the title, amount, currency and card URL read from the portal. */
  subject: CrmSubject | null
  templateId: string | null
}

/** An empty form; `subject` prefills it (the CRM tab's "request approval"). */
export function emptyApprovalForm(subject: ApprovalForm['subject'] = null): ApprovalForm {
  return {
    title: '',
    description: '',
    commentPolicy: 'required-on-reject',
    stages: [{ approverIds: [], rule: 'all', quorum: 1 }],
    dueAt: '',
    timeoutAction: 'mark-overdue',
    subject,
    templateId: null,
  }
}

function ruleOf(stage: StageForm) {
  return stage.rule === 'quorum' ? { kind: 'quorum' as const, count: stage.quorum } : { kind: stage.rule }
}

/** The API draft for the form (not yet validated). */
export function toDraftInput(form: ApprovalForm): ApprovalDraftInput {
  return {
    title: form.title,
    description: form.description,
    commentPolicy: form.commentPolicy,
    templateId: form.templateId,
    stages: form.stages.map((stage) => ({ approverIds: stage.approverIds, rule: ruleOf(stage), deadline: null })),
    deadline: form.dueAt ? { dueAt: new Date(form.dueAt).toISOString(), action: form.timeoutAction } : null,
    subject: form.subject ? { ...form.subject } : null,
    reminders: null,
  }
}

/** Validates the form: the draft to send, or the problems as `path: message` lines. */
export function validateApprovalForm(
  form: ApprovalForm,
): { ok: true; draft: ApprovalDraftInput } | { ok: false; issues: string[] } {
  const draft = toDraftInput(form)
  const parsed = approvalDraftSchema.safeParse(draft)
  if (parsed.success) return { ok: true, draft }
  return { ok: false, issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) }
}
