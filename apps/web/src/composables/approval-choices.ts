/**
 * @module The translated choices of the approval forms' selects (rules, timeout actions, comment policies), so
 * the new-approval, template and settings forms offer the same options with the same words.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { DecisionRule, FormDefaults, TimeoutAction } from './approval-draft.ts'

/** The rule kinds, in the order the selects offer them. */
export const ruleKinds = ['all', 'any', 'quorum', 'percent'] as const satisfies readonly DecisionRule['kind'][]
/** The timeout actions, the mildest first. */
export const timeoutActions = [
  'mark-overdue',
  'reject',
  'approve',
  'escalate',
] as const satisfies readonly TimeoutAction[]
/** The comment policies, from none to always. */
export const commentPolicies = [
  'none',
  'optional',
  'required-on-reject',
  'required-on-reject-or-send-back',
  'always',
] as const satisfies readonly FormDefaults['commentPolicy'][]

/** `{ value, label }` items for the rule, timeout-action and comment-policy selects, in the interface language. */
export function useApprovalChoices() {
  const { t } = useI18n()
  const itemsOf = <V extends string>(values: readonly V[], prefix: string) =>
    computed(() => values.map((value) => ({ value, label: t(`${prefix}.${value}`) })))
  return {
    ruleItems: itemsOf(ruleKinds, 'form.ruleKinds'),
    timeoutItems: itemsOf(timeoutActions, 'form.timeout'),
    policyItems: itemsOf(commentPolicies, 'form.policy'),
  }
}
