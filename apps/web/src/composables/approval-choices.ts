/**
 * @module The translated choices of the approval forms' selects (rules, timeout actions, comment policies), so
 * the new-approval, template and settings forms offer the same options with the same words.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { commentPolicies, ruleKinds, timeoutActions } from '../../../server/src/domain/approval-values.ts'

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
