/**
 * @module The new-approval workflow: the form started from the portal's defaults, the portal's pickers, the deal
 * or lead read from the portal, template prefill and sending.
 */
import { computed, ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { ApprovalDto, TemplateDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import {
  BUILT_IN_DEFAULTS,
  emptyApprovalForm,
  validateApprovalForm,
  withTemplate,
  type ApprovalForm,
} from './approval-draft.ts'
import { bareCrmSubject, useCrmSubject, type CrmSubject } from './crm-subject.ts'
import { issuesOfError, type FormIssue } from './form-issues.ts'
import { useRequestState } from './request-state.ts'
import { useSettings } from './settings.ts'
import { createSubmissionKeys } from './submission-key.ts'
import { recordIdOf } from './subject.ts'

/** Which deal or lead the form starts with (the CRM tab's "request approval"). */
export type SubjectRef = Pick<CrmSubject, 'kind' | 'id'>

/** The subject the route asks for (`?subjectKind=deal&subjectId=21`), or null when it names none or nonsense. */
export function subjectRefOfQuery(query: Record<string, unknown>): SubjectRef | null {
  const kind = query.subjectKind
  const id = recordIdOf(query.subjectId)
  if ((kind !== 'deal' && kind !== 'lead') || id === undefined) return null
  return { kind, id }
}

/**
 * The form state and its actions; `submit()` resolves to the created approval or null (see `error`/`issues`).
 * `loadDefaults()` starts the form from the portal's settings (`defaults.isReady` turns true either way;
 * `defaults.error` says why they could not be read, and the built-in defaults stay then). The subject, given or
 * picked, is read from the portal (`subject.error` says why when that failed; the form keeps the bare subject).
 */
export function useNewApproval(initialSubject: SubjectRef | null = null) {
  const portal = usePortalStore()
  const crm = useCrmSubject()
  const portalSettings = useSettings()
  const values = computed(() => portalSettings.settings.value?.defaults ?? BUILT_IN_DEFAULTS)
  const isReady = ref(false)
  const form = ref<ApprovalForm>(emptyApprovalForm())
  const issues = ref<FormIssue[]>([])
  const { isLoading, error, guarded } = useRequestState()
  const submissions = createSubmissionKeys()

  /** Reads `GET /api/app/settings` and restarts the form from its defaults, keeping the subject. */
  async function loadDefaults() {
    await portalSettings.load()
    // The page shows the form once this is done; a template picked in the meantime would still win.
    if (!form.value.templateId) form.value = emptyApprovalForm(form.value.subject, values.value)
    isReady.value = true
  }

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

  /**
   * Sets the subject from the portal's CRM picker (`selectCRM`), then reads its amount and currency; the app's own
   * picker outside the frame has read them already (a standalone page cannot call the portal itself).
   */
  async function pickSubject() {
    const frame = portal.frame
    const picked = await frame?.selectCrmItem()
    if (!frame || !picked) return
    if (!picked.facts) return loadSubject(picked, picked.title)
    form.value.subject = { ...bareCrmSubject(picked.kind, picked.id, frame.portalUrl, picked.title), ...picked.facts }
  }

  /** Prefills the stages, comment policy, reminders and "send back" from a template, over the defaults. */
  function applyTemplate(template: TemplateDto | null) {
    form.value = withTemplate(form.value, template, values.value)
  }

  /** Starts the approval with the staged files `uploads` (`attachments.ts`) and Drive files (`drive-files.ts`). */
  async function submit(uploads: string[] = [], driveFiles: number[] = []): Promise<ApprovalDto | null> {
    const checked = validateApprovalForm(form.value)
    issues.value = checked.ok ? [] : checked.issues
    if (!checked.ok) return null
    let approval: ApprovalDto | null = null
    // The same draft sent twice (a double click, a retry) carries one key, so the server starts it once.
    const json = { ...checked.draft, uploads, driveFiles }
    const header = { 'idempotency-key': submissions.keyFor(JSON.stringify(json)) }
    const isSent = await guarded(async () => {
      approval = (await readJson(portal.client().api.app.approvals.$post({ json, header }))).approval
    })
    if (isSent) submissions.succeeded()
    // The server's field problems (a deadline already past) join the form's own list.
    else issues.value = issuesOfError(error.value)
    return approval
  }

  if (initialSubject) void loadSubject(initialSubject)
  const subject = { isLoading: crm.isLoading, error: crm.error }
  const defaults = { values, isReady, error: portalSettings.error }
  return {
    form,
    issues,
    isLoading,
    error,
    subject,
    defaults,
    loadDefaults,
    pickApprovers,
    pickSubject,
    applyTemplate,
    submit,
  }
}
