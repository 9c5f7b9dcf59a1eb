/**
 * @module The translated choices of the approval forms' selects (rules, timeout actions, comment policies), so
 * the new-approval, template and settings forms offer the same options with the same words.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { commentPolicies, ruleKinds, timeoutActions } from '../../../server/src/domain/approval-values.ts'
import type { DecisionRule } from './approval-draft.ts'

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

/** A decision rule in words: "All", "Any", "2 of them", "60% of them". */
export function useRuleText() {
  const { t } = useI18n()
  return (rule: DecisionRule): string => {
    if (rule.kind === 'quorum') return t('approval.rule.quorum', { count: rule.count })
    if (rule.kind === 'percent') return t('approval.rule.percent', { percent: rule.percent })
    return t(`approval.rule.${rule.kind}`)
  }
}
