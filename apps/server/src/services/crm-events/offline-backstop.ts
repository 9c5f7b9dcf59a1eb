/**
 * @module The backstop for online deliveries that never arrived (Bitrix24 never re-delivers): the same CRM events
 * are bound as offline events, and the cron tick takes the portal's offline queue, marks every named entity as
 * changed (or handles its deletion) and only then clears the taken records. An entity both delivered online and
 * queued offline is read twice at most and its entry is still delivered once: detection compares with the
 * last-seen state.
 */
import type { CrmEntityKind } from '../../domain/index.ts'
import type { ActionDeps } from '../approvals/act-on-approval.ts'
import { markCrmChanges, type CrmChange, type CrmChangeDeps } from './crm-changes.ts'
import { cancelForDeletedEntity } from './crm-deletions.ts'

/** What a CRM event code means: which entity kind, and whether it changed or was deleted. */
export const crmEventCodes: Readonly<Record<string, { kind: CrmEntityKind; isDeletion: boolean }>> = {
  ONCRMDEALADD: { kind: 'deal', isDeletion: false },
  ONCRMDEALUPDATE: { kind: 'deal', isDeletion: false },
  ONCRMDEALDELETE: { kind: 'deal', isDeletion: true },
  ONCRMLEADADD: { kind: 'lead', isDeletion: false },
  ONCRMLEADUPDATE: { kind: 'lead', isDeletion: false },
  ONCRMLEADDELETE: { kind: 'lead', isDeletion: true },
}

/** Most offline records one drain takes from a portal (four `batch` requests of 50 calls of 50 records). */
export const offlineRecordsPerDrain = 10_000

/** What one drain of a portal's offline queue did. */
export interface OfflineDrain {
  /** Offline records taken (and cleared). */
  taken: number
  /** Entities marked as changed. */
  changed: number
  /** Approvals cancelled because their deal or lead was deleted. */
  cancelled: number
}

/**
 * Takes the portal's offline queue (up to {@link offlineRecordsPerDrain} records), marks the changed entities for
 * the reader, cancels the approvals of deleted ones, then clears what it took. A crash before the clear leaves the
 * records reserved in Bitrix24 but their entities already queued here, so nothing is lost.
 */
export async function drainOfflineEvents(
  deps: CrmChangeDeps & { actions: ActionDeps },
  memberId: string,
): Promise<OfflineDrain> {
  const portal = await deps.directory.portal(memberId)
  const batch = await portal.offlineEvents.take(offlineRecordsPerDrain)
  const changes: CrmChange[] = []
  let cancelled = 0
  for (const record of batch.events) {
    const meaning = crmEventCodes[record.event]
    if (!meaning || record.entityId === null) continue
    const entity = { kind: meaning.kind, id: record.entityId }
    if (meaning.isDeletion)
      cancelled += await cancelForDeletedEntity(deps.actions, memberId, { ...entity, userId: undefined })
    else changes.push(entity)
  }
  await markCrmChanges(deps, memberId, changes)
  if (batch.processIds.length > 0) await portal.offlineEvents.clear(batch.processIds)
  return { taken: batch.events.length, changed: changes.length, cancelled }
}
