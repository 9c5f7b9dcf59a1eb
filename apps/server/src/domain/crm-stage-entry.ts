/**
 * @module Detecting entries of CRM entities from what the portal says now and what the app saw last: a deal or
 * lead created, or one that entered a stage (status). Bitrix24's events carry only the entity's id and are
 * coalesced, so detection compares reads: our own last-seen stage per entity, and the portal's own stamp of the
 * last stage move (`MOVED_TIME`), which names an entry so that two readers of the same state name it alike.
 */
import type { CrmEntityFacts, CrmEntityKind, CrmEntry } from './crm-entry.ts'

/** An entity as read from the portal now. */
export interface CrmEntityRead {
  kind: CrmEntityKind
  entityId: number
  facts: CrmEntityFacts
  /** When the entity was created (ISO 8601, the portal's clock). */
  createdAt: string
  /** When it last changed (ISO 8601, the portal's clock). */
  modifiedAt: string
  /** When it last moved into its stage, when the portal says (ISO 8601, the portal's clock). */
  movedAt: string | null
}

/** What the app last saw of an entity: enough to tell a stage entry from any other change. */
export interface CrmSeen {
  pipelineId: number
  stageId: string
  movedAt: string | null
  modifiedAt: string
}

/** What a read came to: the entries it reveals and the new last-seen state (`null`: keep the stored one). */
export interface CrmDetection {
  entries: CrmEntry[]
  seen: CrmSeen | null
}

/** What detection is given besides the states: now, and since when the app watches this portal's CRM. */
export interface CrmDetectionContext {
  /** When the read happened (ISO 8601); stamps the entries. */
  at: string
  /** Entities created or moved before this instant (ISO 8601) are not entries when first seen. */
  watchingSince: string
}

const ms = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso))

/** The id of an entry into the entity's current stage: the same for every read of the same move. */
export function stageEntryId(read: Pick<CrmEntityRead, 'facts' | 'movedAt' | 'modifiedAt'>): string {
  const { pipelineId, stageId } = read.facts
  return `stage:${pipelineId}:${stageId}:${read.movedAt ?? read.modifiedAt}`
}

function hasEnteredStage(seen: CrmSeen | null, read: CrmEntityRead, watchingSince: string): boolean {
  if (seen === null) return ms(read.movedAt ?? read.createdAt) >= ms(watchingSince)
  if (seen.stageId !== read.facts.stageId || seen.pipelineId !== read.facts.pipelineId) return true
  // Left and came back between two reads: the stage is the same, the move is newer.
  return read.movedAt !== null && seen.movedAt !== null && ms(read.movedAt) > ms(seen.movedAt)
}

/**
 * Compares a fresh read with the last-seen state. Rules:
 * - a read older than the last-seen state (`modifiedAt` before it) reveals nothing and changes nothing;
 * - `created` when the entity is seen for the first time and was created since `watchingSince`, whichever
 *   event brought it (so a lost `ONCRMDEALADD` is made up by a later update or the offline queue);
 * - `stage` when the stage or pipeline differs from the last seen one, or the stage is the same but the portal
 *   stamps a newer move (left and re-entered between reads); first seen: when it moved in since `watchingSince`;
 * - entry ids come from the portal's data (`stageEntryId`), so reading the same state twice, in two workers, or
 *   after a crash names the same entry, and a consumer that keys on it starts nothing twice.
 */
export function detectCrmEntries(seen: CrmSeen | null, read: CrmEntityRead, ctx: CrmDetectionContext): CrmDetection {
  if (seen !== null && ms(read.modifiedAt) < ms(seen.modifiedAt)) return { entries: [], seen: null }
  const base = { kind: read.kind, entityId: read.entityId, facts: read.facts, at: ctx.at }
  const entries: CrmEntry[] = []
  if (seen === null && ms(read.createdAt) >= ms(ctx.watchingSince)) {
    entries.push({ ...base, trigger: 'created', entryId: 'created' })
  }
  if (hasEnteredStage(seen, read, ctx.watchingSince)) {
    entries.push({ ...base, trigger: 'stage', entryId: stageEntryId(read) })
  }
  const { pipelineId, stageId } = read.facts
  return { entries, seen: { pipelineId, stageId, movedAt: read.movedAt, modifiedAt: read.modifiedAt } }
}
