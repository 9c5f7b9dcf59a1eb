/**
 * @module The consumer of CRM entries: evaluates the portal's automation rules for an entry and starts at most
 * one approval per (rule, entity, entry) — however often the same entry is delivered, and from however many
 * processes at once.
 */
import {
  planRuleApproval,
  rulesFor,
  triggerFires,
  type AutomationRule,
  type CrmEntry,
  type OrgStructure,
} from '../../domain/index.ts'
import { AppError, ConflictError, NotFoundError, PermissionError, ValidationError } from '../../ports/errors.ts'
import type { Store } from '../../ports/store.ts'
import { subjectFileIds } from '../approvals/approval-files.ts'
import { loadApproval } from '../approvals/approval-records.ts'
import { loadTemplate, type Template } from '../approvals/approval-templates.ts'
import { newApprovalId, startApproval, type StartDeps } from '../approvals/start-approval.ts'
import { listRules } from './rule-records.ts'
import { noteRuleFailed, noteRuleStarted, ruleEntryKey, type RuleEntryRun, type RuleFailure } from './rule-runs.ts'

/** A run still `starting` after this long belonged to a process that died; another attempt takes it over. */
export const abandonedRunMs = 60_000

/** What the consumer needs: what starting an approval needs. */
export type RuleStartDeps = StartDeps

/** A failure that a new attempt would meet again: recorded on the rule, not retried. */
function permanentFailure(error: unknown): RuleFailure | null {
  const isFinal =
    error instanceof ValidationError ||
    error instanceof NotFoundError ||
    error instanceof PermissionError ||
    (error instanceof ConflictError && error.code !== 'CONCURRENT_UPDATE')
  return isFinal && error instanceof AppError ? { code: error.code, message: error.message } : null
}

async function approvalExists(store: Store, memberId: string, approvalId: string): Promise<boolean> {
  try {
    await loadApproval(store, memberId, approvalId)
    return true
  } catch (error) {
    if (error instanceof NotFoundError) return false
    throw error
  }
}

/** Starts the approval of one rule for one entry (the run is claimed already). */
async function startOne(
  deps: RuleStartDeps,
  target: { memberId: string; rule: AutomationRule; entry: CrmEntry; org: OrgStructure; approvalId: string },
): Promise<void> {
  const { memberId, rule, entry } = target
  const template: Template | null = await loadTemplate(deps.store, memberId, rule.action.templateId)
  if (!template) throw new NotFoundError('TEMPLATE_NOT_FOUND', 'The rule names a template this portal no longer has')
  const planned = planRuleApproval(rule, entry, template, target.org)
  if (!planned.ok) throw new ValidationError(planned.code, planned.message)
  const { facts } = entry
  const portal = await deps.directory.portal(memberId)
  const subject = await portal.subjects.describe(
    { kind: entry.kind, id: entry.entityId },
    {
      ...{ title: facts.title, amount: facts.amount, currency: facts.currency },
      ...{ responsibleId: facts.responsibleId || null, pipelineId: facts.pipelineId, sourceId: facts.sourceId },
    },
  )
  const title = facts.title.trim() || `#${entry.entityId}`
  const draft = {
    ...{ title, description: template.description, subject, templateId: template.id },
    ...{ commentPolicy: template.commentPolicy, stages: planned.plan.stages, reminders: template.reminders },
  }
  const { initiatorId, origin } = planned.plan
  const request = { memberId, initiatorId, channel: 'system' as const, draft, rule: origin }
  const ref = { kind: entry.kind, id: entry.entityId }
  const driveFileIds = rule.action.isAttachingFiles ? await subjectFileIds(portal, ref) : []
  const files = { driveFileIds, isLenientWithFiles: true }
  await startApproval(deps, { ...request, ...files, approvalId: target.approvalId })
}

type Claim = { version: number; run: RuleEntryRun } | null

/** Claims the run of `key`: a fresh one, or one abandoned by a dead attempt; `null` when it is not ours to start. */
async function claimRun(deps: RuleStartDeps, memberId: string, key: string): Promise<Claim> {
  for (;;) {
    const now = deps.clock.now()
    const existing = await deps.store.get<RuleEntryRun>(key)
    if (existing && existing.value.state !== 'starting') return null
    if (existing && (await approvalExists(deps.store, memberId, existing.value.approvalId))) return null
    if (existing && now - existing.value.at < abandonedRunMs) return null
    const run: RuleEntryRun = {
      state: 'starting',
      approvalId: existing?.value.approvalId ?? newApprovalId(now),
      at: now,
    }
    const version = await deps.store.compareAndSet(key, run, existing?.version ?? 0)
    if (version !== null) return { version, run }
  }
}

/** Runs one rule for one entry, at most once. @throws a passing failure, after letting go of the run. */
async function runRule(
  deps: RuleStartDeps,
  memberId: string,
  rule: AutomationRule,
  entry: CrmEntry,
  org: OrgStructure,
) {
  const key = ruleEntryKey(memberId, rule.id, entry)
  const claim = await claimRun(deps, memberId, key)
  if (claim === null) return
  const { run, version } = claim
  const at = new Date(deps.clock.now()).toISOString()
  try {
    await startOne(deps, { memberId, rule, entry, org, approvalId: run.approvalId })
  } catch (error) {
    const isTwinDone = error instanceof ConflictError && (await approvalExists(deps.store, memberId, run.approvalId))
    const failure = isTwinDone ? null : permanentFailure(error)
    if (!isTwinDone && failure === null) {
      // Let go at once, so the next delivery of the entry tries again.
      await deps.store.compareAndSet(key, { ...run, at: 0 }, version)
      throw error
    }
    if (failure !== null) {
      await deps.store.compareAndSet(key, { ...run, state: 'failed', failure }, version)
      return noteRuleFailed(deps.store, memberId, rule.id, { at, failure, entry })
    }
  }
  await deps.store.compareAndSet(key, { ...run, state: 'started' }, version)
  await noteRuleStarted(deps.store, memberId, rule.id, { at, approvalId: run.approvalId, entry })
}

/**
 * The CRM entry consumer: `startRuleApprovals(deps)(memberId, entry)` starts the approval of every active rule
 * whose trigger fires on `entry` and whose conditions hold, once per (rule, kind, entityId, entryId). A repeated
 * or concurrent call for the same entry starts nothing more. A rule that cannot start its approval (its template
 * is gone, nobody heads the responsible person, an approver left) records why on the rule and is not retried for
 * that entry; a passing failure (the portal unreachable) is thrown after every rule was tried, so the caller
 * delivers the entry again.
 */
export function startRuleApprovals(deps: RuleStartDeps) {
  return async function onCrmEntry(memberId: string, entry: CrmEntry): Promise<void> {
    const triggered = (await listRules(deps.store, memberId)).filter(
      (rule) => rule.isActive && triggerFires(rule.trigger, entry),
    )
    if (triggered.length === 0) return
    const { org } = await deps.people.people(memberId, () => deps.directory.portal(memberId))
    const errors: unknown[] = []
    for (const rule of rulesFor(triggered, entry, org)) {
      await runRule(deps, memberId, rule, entry, org).catch((error: unknown) => errors.push(error))
    }
    if (errors.length > 0) throw errors[0]
  }
}
