/**
 * @module The new-approval workflow: the form, the portal's pickers, the deal or lead read from the portal,
 * template prefill and sending.
 */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalDto, TemplateDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { emptyApprovalForm, validateApprovalForm, type ApprovalForm } from './approval-draft.ts'
import { bareCrmSubject, useCrmSubject, type CrmSubject } from './crm-subject.ts'
import { toError } from './request-state.ts'

/** Which deal or lead the form starts with (the CRM tab's "request approval"). */
export type SubjectRef = Pick<CrmSubject, 'kind' | 'id'>

/** The subject the route asks for (`?subjectKind=deal&subjectId=21`), or null when it names none or nonsense. */
export function subjectRefOfQuery(query: Record<string, unknown>): SubjectRef | null {
  const kind = query.subjectKind
  const id = Number(query.subjectId)
  if ((kind !== 'deal' && kind !== 'lead') || !Number.isSafeInteger(id) || id <= 0) return null
  return { kind, id }
}

/**
 * The form state and its actions; `submit()` resolves to the created approval or null (see `error`/`issues`).
 * The subject, given or picked, is read from the portal (`subject.error` says why when that failed; the form
 * keeps the bare subject then).
 */
export function useNewApproval(initialSubject: SubjectRef | null = null) {
  const portal = usePortalStore()
  const crm = useCrmSubject()
  const form = ref<ApprovalForm>(emptyApprovalForm())
  const issues = ref<string[]>([])
  const isLoading = ref(false)
  const error = ref<Error | null>(null)

  /**
   * Shows the subject at once (kind and id, or the picker's title), then the record as the portal has it, unless
   * the subject was cleared or changed meanwhile.
   */
  async function loadSubject(wanted: SubjectRef, title = '') {
    if (!portal.frame) return
    form.value.subject = bareCrmSubject(wanted.kind, wanted.id, portal.frame.portalUrl, title)
    const loaded = await crm.load(wanted.kind, wanted.id, title)
    const current = form.value.subject
    if (loaded && current?.kind === wanted.kind && current.id === wanted.id) form.value.subject = loaded
  }

  /** Adds people picked in the portal's user picker (`selectUser`) to stage `index`. */
  async function pickApprovers(index: number) {
    const stage = form.value.stages[index]
    if (!stage || !portal.frame) return
    const picked = await portal.frame.selectUsers()
    stage.approverIds = [...new Set([...stage.approverIds, ...picked.map((u) => u.id)])]
  }

  /** Sets the subject from the portal's CRM picker (`selectCRM`), then reads its amount and currency. */
  async function pickSubject() {
    const picked = await portal.frame?.selectCrmItem()
    if (picked) await loadSubject(picked, picked.title)
  }

  /** Prefills the comment policy and stages from a template. */
  function applyTemplate(template: TemplateDto | null) {
    form.value.templateId = template?.id ?? null
    if (!template) return
    form.value.commentPolicy = template.commentPolicy
    form.value.stages = template.stages.map((s) => ({
      approverIds: [...s.approverIds],
      rule: s.rule.kind === 'quorum' || s.rule.kind === 'any' ? s.rule.kind : 'all',
      quorum: s.rule.kind === 'quorum' ? s.rule.count : 1,
    }))
    if (!form.value.description) form.value.description = template.description
  }

  async function submit(): Promise<ApprovalDto | null> {
    const checked = validateApprovalForm(form.value)
    issues.value = checked.ok ? [] : checked.issues
    if (!checked.ok) return null
    isLoading.value = true
    error.value = null
    try {
      return (await readJson(portal.client().api.app.approvals.$post({ json: checked.draft }))).approval
    } catch (caught) {
      error.value = toError(caught)
      return null
    } finally {
      isLoading.value = false
    }
  }

  if (initialSubject) void loadSubject(initialSubject)
  const subject = { isLoading: crm.isLoading, error: crm.error }
  return { form, issues, isLoading, error, subject, pickApprovers, pickSubject, applyTemplate, submit }
}
