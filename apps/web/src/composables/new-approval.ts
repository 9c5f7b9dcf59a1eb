/** @module The new-approval workflow: the form, the portal's pickers, template prefill and sending. */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalDto, TemplateDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { emptyApprovalForm, validateApprovalForm, type ApprovalForm } from './approval-draft.ts'
import { toError } from './request-state.ts'

/** The form state and its actions; `submit()` resolves to the created approval or null (see `error`/`issues`). */
export function useNewApproval(initialSubject: ApprovalForm['subject'] = null) {
  const portal = usePortalStore()
  const form = ref<ApprovalForm>(emptyApprovalForm(initialSubject))
  const issues = ref<string[]>([])
  const isLoading = ref(false)
  const error = ref<Error | null>(null)

  /** Adds people picked in the portal's user picker (`selectUser`) to stage `index`. */
  async function pickApprovers(index: number) {
    const stage = form.value.stages[index]
    if (!stage || !portal.frame) return
    const picked = await portal.frame.selectUsers()
    stage.approverIds = [...new Set([...stage.approverIds, ...picked.map((u) => u.id)])]
  }

  /** Sets the subject from the portal's CRM picker (`selectCRM`). */
  async function pickSubject() {
    const picked = await portal.frame?.selectCrmItem()
    if (picked) form.value.subject = picked
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

  return { form, issues, isLoading, error, pickApprovers, pickSubject, applyTemplate, submit }
}
