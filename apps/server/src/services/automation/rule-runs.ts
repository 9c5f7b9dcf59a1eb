/**
 * @module What rules did: one record per (rule, entity, entry) — the claim that makes a rule start at most one
 * approval per entry — and each rule's activity for the Automation page (approvals started, the last one, the
 * last failure).
 */
import { createHash } from 'node:crypto'
import type { CrmEntry } from '../../domain/index.ts'
import { tenantKey, type Store } from '../../ports/store.ts'

/**
 * The run of one rule for one entry: `starting` while (or after a crash while) its approval is being started,
 * `started`, or `failed` with the reason (a rule that cannot start its approval for an entry does not retry it).
 */
export interface RuleEntryRun {
  state: 'starting' | 'started' | 'failed'
  /** The id reserved for the approval, kept when another attempt takes an abandoned run over. */
  approvalId: string
  /** When the current attempt began (milliseconds); 0 when it let go after a passing failure. */
  at: number
  failure?: RuleFailure
}

/** Why a rule did not start its approval for an entry. */
export interface RuleFailure {
  code: string
  message: string
}

/** The key of a rule's run for an entry; the entry id is hashed, since it comes from outside this module. */
export function ruleEntryKey(memberId: string, ruleId: string, entry: CrmEntry): string {
  const entryHash = createHash('sha256').update(entry.entryId).digest('hex').slice(0, 32)
  return tenantKey(memberId, 'rule-entry', ruleId, entry.kind, String(entry.entityId), entryHash)
}

/** A rule's activity as the Automation page shows it. */
export interface RuleActivity {
  startedCount: number
  lastStarted: { at: string; approvalId: string; kind: CrmEntry['kind']; entityId: number } | null
  lastFailure: (RuleFailure & { at: string; kind: CrmEntry['kind']; entityId: number }) | null
}

const activityKey = (memberId: string, ruleId: string) => tenantKey(memberId, 'rule-activity', ruleId)
const startedCounter = (memberId: string, ruleId: string) => tenantKey(memberId, 'rule-started', ruleId)

interface StoredActivity {
  lastStarted: RuleActivity['lastStarted']
  lastFailure: RuleActivity['lastFailure']
}

/** Reads a rule's activity. */
export async function loadRuleActivity(store: Store, memberId: string, ruleId: string): Promise<RuleActivity> {
  const stored = (await store.get<StoredActivity>(activityKey(memberId, ruleId)))?.value
  return {
    startedCount: await store.counter(startedCounter(memberId, ruleId)),
    lastStarted: stored?.lastStarted ?? null,
    lastFailure: stored?.lastFailure ?? null,
  }
}

async function changeActivity(store: Store, key: string, change: (value: StoredActivity) => StoredActivity) {
  for (;;) {
    const current = await store.get<StoredActivity>(key)
    const value = change(current?.value ?? { lastStarted: null, lastFailure: null })
    if ((await store.compareAndSet(key, value, current?.version ?? 0)) !== null) return
  }
}

/** Records that a rule started `approvalId` for `entry` at `at`. */
export async function noteRuleStarted(
  store: Store,
  memberId: string,
  ruleId: string,
  started: { at: string; approvalId: string; entry: CrmEntry },
): Promise<void> {
  const { at, approvalId, entry } = started
  await store.increment(startedCounter(memberId, ruleId))
  const lastStarted = { at, approvalId, kind: entry.kind, entityId: entry.entityId }
  await changeActivity(store, activityKey(memberId, ruleId), (value) => ({ ...value, lastStarted }))
}

/** Records that a rule could not start its approval for `entry`. */
export async function noteRuleFailed(
  store: Store,
  memberId: string,
  ruleId: string,
  failed: { at: string; failure: RuleFailure; entry: CrmEntry },
): Promise<void> {
  const { at, failure, entry } = failed
  const lastFailure = { ...failure, at, kind: entry.kind, entityId: entry.entityId }
  await changeActivity(store, activityKey(memberId, ruleId), (value) => ({ ...value, lastFailure }))
  console.warn(
    `automation: rule ${ruleId} did not start an approval for ${entry.kind} ${entry.entityId} (${failure.code})`,
  )
}

/** Forgets a deleted rule's activity (its counter stays until the portal's data is purged; ids never repeat). */
export async function forgetRuleActivity(store: Store, memberId: string, ruleId: string): Promise<void> {
  await store.delete(activityKey(memberId, ruleId))
}
