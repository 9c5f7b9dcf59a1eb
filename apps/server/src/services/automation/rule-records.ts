/**
 * @module The automation rules of a portal as stored: admins create, replace and delete them; the CRM entry
 * consumer reads them all. A rule names a template, which must exist when the rule is saved.
 */
import { ulid } from 'ulid'
import { MAX_RULES, type AutomationRule, type RuleDefinition } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../ports/errors.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { loadTemplate } from '../approvals/approval-templates.ts'
import { forgetRuleActivity, loadRuleActivity, type RuleActivity } from './rule-runs.ts'

const ruleKey = (memberId: string, id: string) => tenantKey(memberId, 'automation-rule', id)
const ruleIndex = (memberId: string) => tenantKey(memberId, 'ix', 'automation-rules')
const ruleIdPattern = /^[0-9A-Za-z]{1,40}$/

/** Who saves a rule, and where. */
export interface RuleAuthor {
  memberId: string
  userId: number
}

/** Reads one rule; `null` when absent. */
export async function loadRule(store: Store, memberId: string, id: string): Promise<AutomationRule | null> {
  if (!ruleIdPattern.test(id)) return null
  return (await store.get<AutomationRule>(ruleKey(memberId, id)))?.value ?? null
}

/** The portal's rules, oldest first. */
export async function listRules(store: Store, memberId: string): Promise<AutomationRule[]> {
  const page = await store.indexPage(ruleIndex(memberId), { limit: MAX_RULES })
  const found = await Promise.all(page.entries.map((entry) => loadRule(store, memberId, entry.member)))
  return found.filter((rule): rule is AutomationRule => rule !== null)
}

/** The portal's rules with what each did, for the Automation page. */
export async function listRulesWithActivity(
  store: Store,
  memberId: string,
): Promise<(AutomationRule & { activity: RuleActivity })[]> {
  const rules = await listRules(store, memberId)
  return Promise.all(
    rules.map(async (rule) => ({ ...rule, activity: await loadRuleActivity(store, memberId, rule.id) })),
  )
}

async function checkTemplate(store: Store, memberId: string, rule: RuleDefinition): Promise<void> {
  if (await loadTemplate(store, memberId, rule.action.templateId)) return
  const details = [{ path: 'action.templateId', message: 'There is no such template in this portal.' }]
  throw new ValidationError('TEMPLATE_NOT_FOUND', 'The rule names a template this portal does not have', { details })
}

/**
 * Creates a rule.
 * @throws ValidationError `TEMPLATE_NOT_FOUND`; ConflictError `RULE_LIMIT_REACHED` when the portal has
 * {@link MAX_RULES} rules already.
 */
export async function createRule(
  deps: { store: Store; clock: Clock },
  author: RuleAuthor,
  input: RuleDefinition,
): Promise<AutomationRule> {
  const { memberId } = author
  await checkTemplate(deps.store, memberId, input)
  if ((await deps.store.indexSize(ruleIndex(memberId))) >= MAX_RULES) {
    throw new ConflictError('RULE_LIMIT_REACHED', `A portal keeps at most ${MAX_RULES} rules`)
  }
  const now = deps.clock.now()
  const at = new Date(now).toISOString()
  const rule: AutomationRule = { ...input, id: ulid(now), createdAt: at, updatedAt: at, updatedBy: author.userId }
  await deps.store.put(ruleKey(memberId, rule.id), rule)
  await deps.store.indexAdd(ruleIndex(memberId), rule.id, now)
  return rule
}

/**
 * Replaces a rule's content; approvals it started keep the name and stage moves they started with.
 * @throws NotFoundError `RULE_NOT_FOUND`; ValidationError `TEMPLATE_NOT_FOUND`.
 */
export async function updateRule(
  deps: { store: Store; clock: Clock },
  author: RuleAuthor,
  id: string,
  input: RuleDefinition,
): Promise<AutomationRule> {
  const current = await loadRule(deps.store, author.memberId, id)
  if (!current) throw new NotFoundError('RULE_NOT_FOUND', 'There is no such rule in this portal')
  await checkTemplate(deps.store, author.memberId, input)
  const updatedAt = new Date(deps.clock.now()).toISOString()
  const rule: AutomationRule = { ...input, id, createdAt: current.createdAt, updatedAt, updatedBy: author.userId }
  await deps.store.put(ruleKey(author.memberId, id), rule)
  return rule
}

/** Deletes a rule (approvals it started go on). @throws NotFoundError `RULE_NOT_FOUND`. */
export async function deleteRule(store: Store, memberId: string, id: string): Promise<void> {
  if (!(await loadRule(store, memberId, id))) {
    throw new NotFoundError('RULE_NOT_FOUND', 'There is no such rule in this portal')
  }
  await store.delete(ruleKey(memberId, id))
  await store.indexRemove(ruleIndex(memberId), id)
  await forgetRuleActivity(store, memberId, id)
}
