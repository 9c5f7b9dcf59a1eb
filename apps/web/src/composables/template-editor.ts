/**
 * @module Editing a template with the approval form's fields (stages with their rules and deadlines, comment
 * policy, reminders): open, validate with the shared schema, save.
 */
import { ref } from 'vue'
import type { TemplateDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import {
  BUILT_IN_DEFAULTS,
  copyStages,
  emptyApprovalForm,
  validateApprovalForm,
  withTemplate,
  type ApprovalForm,
  type FormDefaults,
} from './approval-draft.ts'
import type { FormIssue } from './form-issues.ts'
import type { TemplateInput } from './templates.ts'

/**
 * The template being edited (`form`, null when closed) and the translation to the API's template. A new
 * template starts from the portal's defaults (`defaults()`, once they are loaded). `isSendBackAllowed` is the
 * template's "send back" switch: `null` while it follows the portal's default.
 */
export function useTemplateEditor(defaults: () => FormDefaults | undefined = () => undefined) {
  const portal = usePortalStore()
  const form = ref<ApprovalForm | null>(null)
  const editingId = ref<string | undefined>()
  const issues = ref<FormIssue[]>([])
  const isSendBackAllowed = ref<boolean | null>(null)

  /** Opens the editor empty (from the portal's defaults), or with `template`. */
  function open(template?: TemplateDto) {
    editingId.value = template?.id
    issues.value = []
    isSendBackAllowed.value = template?.isSendBackAllowed ?? null
    const base = defaults() ?? BUILT_IN_DEFAULTS
    // The template's stages, comment policy, reminders and description, as a new approval takes them.
    const next = withTemplate(emptyApprovalForm(null, base), template ?? null, base)
    if (template) next.title = template.name
    form.value = next
  }

  /** The template to send, or null with `issues` set. */
  function toInput(): TemplateInput | null {
    if (!form.value) return null
    const checked = validateApprovalForm(form.value)
    issues.value = checked.ok ? [] : checked.issues
    if (!checked.ok) return null
    const { title, description, commentPolicy, reminders } = checked.draft
    return {
      name: title,
      description: description ?? '',
      commentPolicy: commentPolicy ?? 'optional',
      ...(isSendBackAllowed.value === null ? {} : { isSendBackAllowed: isSendBackAllowed.value }),
      stages: copyStages(form.value.stages),
      reminders: reminders ?? null,
    }
  }

  /** Adds people from the portal's picker to stage `index`. */
  async function pickApprovers(index: number) {
    const stage = form.value?.stages[index]
    if (!stage || !portal.frame) return
    const picked = await portal.frame.selectUsers()
    stage.approverIds = [...new Set([...stage.approverIds, ...picked.map((u) => u.id)])]
  }

  const close = () => void (form.value = null)
  return { form, editingId, issues, isSendBackAllowed, open, toInput, pickApprovers, close }
}
