/**
 * @module The problems a form's check (or the server's 400 answer) finds, as readable, translated lines that say
 * which field to fix: "Stage 2: choose 1–50 different approvers." instead of `stages.1.approverIds: Too small…`.
 */
import { computed, inject, provide, toValue, type InjectionKey, type MaybeRefOrGetter, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/client.ts'

/** One problem: the field's path in the draft (`stages.0.rule.count`) and the schema's own message. */
export interface FormIssue {
  path: string
  message: string
}

/** An i18n key and its parameters for an issue, or null when the path is none the form knows. */
export interface IssueText {
  key: string
  params: Record<string, number>
}

const fieldKeys: [RegExp, string][] = [
  [/^title$/, 'title'],
  [/^name$/, 'ruleName'],
  [/^trigger\./, 'ruleStage'],
  [/^conditions\.(\d+)(\.|$)/, 'ruleCondition'],
  [/^action\.templateId$/, 'ruleTemplate'],
  [/^action\.approvers(\.|$)/, 'ruleApprovers'],
  [/^action\.stageOn/, 'ruleMove'],
  [/^description$/, 'description'],
  [/^stages$/, 'stages'],
  [/^stages\.(\d+)\.approverIds(\.|$)/, 'approvers'],
  [/^stages\.(\d+)\.rule\.count$/, 'quorum'],
  [/^stages\.(\d+)\.rule\.percent$/, 'percent'],
  [/^stages\.(\d+)\.deadline\.workingHours$/, 'stageDeadline'],
  [/^stages\.(\d+)\.condition\.minAmount(\.|$)/, 'conditionAmount'],
  [/^stages\.(\d+)\.condition\.pipelineIds(\.|$)/, 'conditionPipelines'],
  [/^stages\.(\d+)\.condition\.sourceIds(\.|$)/, 'conditionSources'],
  [/^deadline\.dueAt$/, 'dueAt'],
  [/^deadline$/, 'dueAt'],
  [/^reminders\.everyWorkingHours$/, 'remindEvery'],
  [/^reminders\.maxCount$/, 'remindMax'],
]

/** The `form.issues.*` text for an issue (stage numbers count from 1), or null for an unknown path. */
export function describeIssue(issue: FormIssue): IssueText | null {
  for (const [pattern, key] of fieldKeys) {
    const match = pattern.exec(issue.path)
    if (match) return { key: `form.issues.${key}`, params: match[1] === undefined ? {} : { n: Number(match[1]) + 1 } }
  }
  return null
}

/** The field problems in a server refusal (400 with `details: [{ path, message }]`); none for other errors. */
export function issuesOfError(error: unknown): FormIssue[] {
  if (!(error instanceof ApiError) || error.status !== 400 || !Array.isArray(error.details)) return []
  return error.details.filter(
    (detail): detail is FormIssue => typeof detail?.path === 'string' && typeof detail?.message === 'string',
  )
}

/** A function that turns an issue into one translated line; unknown paths keep `path: message`. */
export function useIssueText() {
  const { t } = useI18n()
  return (issue: FormIssue): string => {
    const text = describeIssue(issue)
    return text ? t(text.key, text.params) : `${issue.path}: ${issue.message}`
  }
}

const formIssuesKey: InjectionKey<Ref<FormIssue[]>> = Symbol('form issues')

/**
 * Hands a form's problems to its fields, so each field can mark itself ({@link useFieldError}); returns the same
 * lookup for the providing component's own fields (a component does not inject what it provides).
 */
export function provideFormIssues(issues: () => FormIssue[]) {
  const provided = computed(issues)
  provide(formIssuesKey, provided)
  return fieldErrorLookup(provided)
}

/**
 * The translated problem of the field at `path` (`title`, `stages.0.approverIds`, `deadline.dueAt`), including
 * problems inside it; undefined when it has none or no form provides problems. B24FormField's `error` marks the
 * field with it.
 */
export function useFieldError(path: MaybeRefOrGetter<string | undefined>) {
  return fieldErrorLookup(inject(formIssuesKey, null))(path)
}

function fieldErrorLookup(issues: Ref<FormIssue[]> | null) {
  const issueText = useIssueText()
  return (path: MaybeRefOrGetter<string | undefined>) =>
    computed(() => {
      const at = toValue(path)
      if (at === undefined || !issues) return undefined
      const issue = issues.value.find((i) => i.path === at || i.path.startsWith(`${at}.`))
      return issue ? issueText(issue) : undefined
    })
}
