/**
 * @module The revision of a returned approval (issue #17 item 3): the form prefilled from the approval (title,
 * description, stages with their approvers), why it was sent back, the changes against the approval validated with
 * the shared schema, and resubmitting them as a new round. `roundChanges` tells what each round changed, for the
 * history.
 */
import { computed, ref, watch, type MaybeRefOrGetter } from 'vue'
import { resubmitChangesSchema, type ResubmitChangesInput } from '../../../server/src/domain/approval-schemas.ts'
import type { ApprovalDto } from '../api/types.ts'
import { useApproval } from './approval.ts'
import { copyStages, type StageForm } from './approval-draft.ts'
import { issuesOfError, type FormIssue } from './form-issues.ts'

/** The revision form's fields. */
export interface RevisionForm {
  title: string
  description: string
  stages: StageForm[]
  /** What the initiator tells the approvers about the changes (optional). */
  comment: string
}

/** The form as the approval stands: its current title, description and stages. */
export function revisionFormOf(approval: ApprovalDto): RevisionForm {
  return {
    title: approval.title,
    description: approval.description,
    stages: copyStages(approval.stages),
    comment: '',
  }
}

/** The newest send-back: who sent the approval back and why; null when it was never sent back. */
export function sendBackOf(
  approval: ApprovalDto,
): { actorId: number | null; comment: string | null; at: string } | null {
  const entry = [...approval.audit].reverse().find((a) => a.action === 'send-back')
  return entry ? { actorId: entry.actorId, comment: entry.comment, at: entry.at } : null
}

/**
 * The changes the form makes to the approval (only what differs), validated as the server validates them; or
 * the problems with the path of the field each is about.
 */
export function revisionChanges(
  form: RevisionForm,
  approval: ApprovalDto,
): { ok: true; changes: ResubmitChangesInput } | { ok: false; issues: FormIssue[] } {
  const changes: ResubmitChangesInput = {}
  if (form.title !== approval.title) changes.title = form.title
  if (form.description !== approval.description) changes.description = form.description
  if (JSON.stringify(form.stages) !== JSON.stringify(revisionFormOf(approval).stages)) changes.stages = form.stages
  const parsed = resubmitChangesSchema.safeParse(changes)
  if (parsed.success) return { ok: true, changes }
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }
}

/** What one round changed against the round before it. */
export interface RoundChange {
  round: number
  startedAt: string
  title: { from: string; to: string } | null
  isDescriptionChanged: boolean
  addedIds: number[]
  removedIds: number[]
}

const approversOf = (round: ApprovalDto['rounds'][number]) =>
  new Set(round.stages.flatMap((stage) => stage.seats.map((seat) => seat.originalUserId)))

/** What each round after the first changed: the title, the description, the approvers added and removed. */
export function roundChanges(approval: ApprovalDto): RoundChange[] {
  return approval.rounds.slice(1).map((round, index) => {
    const before = approval.rounds[index]!
    const [was, now] = [approversOf(before), approversOf(round)]
    return {
      round: round.number,
      startedAt: round.startedAt,
      title: round.title === before.title ? null : { from: before.title, to: round.title },
      isDescriptionChanged: round.description !== before.description,
      addedIds: [...now].filter((id) => !was.has(id)),
      removedIds: [...was].filter((id) => !now.has(id)),
    }
  })
}

/**
 * The revision workflow of approval `id`: the form (prefilled once the approval is read), its problems, and
 * `submit()`, which resolves to the resubmitted approval or null (see `issues` / `error`).
 */
export function useApprovalRevision(id: MaybeRefOrGetter<string>) {
  const { approval, isLoading, error, run } = useApproval(id)
  const form = ref<RevisionForm | null>(null)
  const issues = ref<FormIssue[]>([])
  const sentBack = computed(() => (approval.value ? sendBackOf(approval.value) : null))
  watch(approval, (loaded) => {
    if (loaded && form.value === null) form.value = revisionFormOf(loaded)
  })

  async function submit(): Promise<ApprovalDto | null> {
    if (!approval.value || !form.value) return null
    const checked = revisionChanges(form.value, approval.value)
    issues.value = checked.ok ? [] : checked.issues
    if (!checked.ok) return null
    const comment = form.value.comment.trim() || null
    const isSent = await run({ action: 'resubmit', changes: checked.changes, comment })
    if (!isSent) issues.value = issuesOfError(error.value)
    return isSent ? approval.value : null
  }

  return { approval, form, issues, sentBack, isLoading, error, submit }
}
