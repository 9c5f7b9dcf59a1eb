/**
 * @module Coalesced reading of changed deals and leads. Events only name an entity; each one marks the entity as
 * changed in the portal's change queue (one item per entity, so a hundred updates of one deal stay one item),
 * and a reader takes every changed entity at once, reads them from the portal in batches (2,500 ids a request),
 * detects entries against the last-seen state and hands them to the consumer before it records the new state.
 */
import {
  detectCrmEntries,
  type CrmEntityKind,
  type CrmEntityRead,
  type CrmEntry,
  type CrmSeen,
} from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { tenantKey, type QueueItem, type Store } from '../../ports/store.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { loadPortalRecord } from '../portal-records.ts'

/** Receives each detected entry; called at least once per entry, so it must be idempotent on `entryId`. */
export type OnCrmEntry = (memberId: string, entry: CrmEntry) => Promise<void>

/** What reading changes needs. */
export interface CrmChangeDeps {
  store: Store
  clock: Clock
  directory: PortalDirectory
  onCrmEntry: OnCrmEntry
}

/** A changed entity waiting to be read. */
export interface CrmChange {
  kind: CrmEntityKind
  id: number
}

/** Most entities one pass claims: 50 list calls of 50 ids, one `batch` request per kind. */
export const changesPerPass = 2_500
const leaseMs = 60_000
/** The backoff after a failed pass grows with the attempts up to 5 s × 8² (about 5 minutes). */
const backoffSteps = 8

/** The portal's queue of changed entities. */
export function crmChangeQueue(memberId: string): string {
  return tenantKey(memberId, 'crm-changes')
}

/** The key of an entity's last-seen state. */
export function crmSeenKey(memberId: string, change: CrmChange): string {
  return tenantKey(memberId, 'crm-seen', change.kind, String(change.id))
}

/** Marks entities as changed: each is read by the next pass, however often it was marked. */
export async function markCrmChanges(deps: { store: Store; clock: Clock }, memberId: string, changes: CrmChange[]) {
  const dueAt = deps.clock.now()
  const queue = crmChangeQueue(memberId)
  for (const change of changes)
    await deps.store.enqueue(queue, { id: `${change.kind}:${change.id}`, payload: change, dueAt })
}

/** Slack for the portal's clock running behind ours, and for its stamps in whole seconds. */
const clockSlackMs = 60_000

/**
 * Since when the portal's CRM is watched (its install, less a minute of slack): entities created or moved before
 * are not entries when first seen.
 */
async function watchingSince(store: Store, memberId: string): Promise<string> {
  const installedAt = Date.parse((await loadPortalRecord(store, memberId))?.value.installedAt ?? '')
  return new Date(Number.isFinite(installedAt) ? installedAt - clockSlackMs : 0).toISOString()
}

/** Detects, delivers, then records one entity's read; re-detects once more when another reader wrote meanwhile. */
async function settle(deps: CrmChangeDeps, memberId: string, read: CrmEntityRead, since: string): Promise<number> {
  const key = crmSeenKey(memberId, { kind: read.kind, id: read.entityId })
  let delivered = 0
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const stored = await deps.store.get<CrmSeen>(key)
    const at = new Date(deps.clock.now()).toISOString()
    const { entries, seen } = detectCrmEntries(stored?.value ?? null, read, { at, watchingSince: since })
    for (const entry of entries) await deps.onCrmEntry(memberId, entry)
    delivered += entries.length
    if (seen === null || (await deps.store.compareAndSet(key, seen, stored?.version ?? 0)) !== null) return delivered
  }
  return delivered
}

/** What one pass over a portal's changes did. */
export interface CrmPass {
  /** Entities claimed from the queue. */
  claimed: number
  /** Entities the portal returned (the others were deleted or not readable). */
  read: number
  /** Entries handed to the consumer. */
  entries: number
}

async function readAll(deps: CrmChangeDeps, memberId: string, items: QueueItem<CrmChange>[]) {
  const portal = await deps.directory.portal(memberId)
  const reads: CrmEntityRead[] = []
  for (const kind of ['deal', 'lead'] as const) {
    const ids = items.filter((item) => item.payload.kind === kind).map((item) => item.payload.id)
    if (ids.length > 0) reads.push(...(await portal.crm.read(kind, ids)))
  }
  return reads
}

/**
 * Claims up to {@link changesPerPass} due changes of one portal, reads them (one `batch` request per kind),
 * delivers the entries and acknowledges the changes. A change marked again while it was read stays queued (its
 * claim went stale), so the entity is read once more. A failed pass leaves its changes to a retry with backoff.
 */
export async function readCrmChanges(deps: CrmChangeDeps, memberId: string): Promise<CrmPass> {
  const queue = crmChangeQueue(memberId)
  const items = await deps.store.claim<CrmChange>(queue, { now: deps.clock.now(), leaseMs, limit: changesPerPass })
  if (items.length === 0) return { claimed: 0, read: 0, entries: 0 }
  try {
    const since = await watchingSince(deps.store, memberId)
    const reads = await readAll(deps, memberId, items)
    let entries = 0
    for (let i = 0; i < reads.length; i += 50) {
      const counts = await Promise.all(reads.slice(i, i + 50).map((read) => settle(deps, memberId, read, since)))
      entries += counts.reduce((a, b) => a + b, 0)
    }
    await Promise.all(items.map((item) => deps.store.ack(queue, item.id, item.claimToken)))
    return { claimed: items.length, read: reads.length, entries }
  } catch (error) {
    const retryAt = deps.clock.now() + 5_000 * Math.min(items[0]!.attempts, backoffSteps) ** 2
    await Promise.all(items.map((item) => deps.store.retryAt(queue, item.id, item.claimToken, retryAt)))
    throw error
  }
}
