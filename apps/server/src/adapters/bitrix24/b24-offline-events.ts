/**
 * @module The offline events facet of {@link Portal}: `event.offline.get` with `clear=0` reserves up to 50 records
 * under a fresh `process_id` per call (parallel calls, and the calls of one `batch`, get disjoint records);
 * `event.offline.clear` deletes them by that id once the app has recorded them.
 * @see https://apidocs.bitrix24.com/api-reference/events/event-offline-get.html
 * @see https://apidocs.bitrix24.com/api-reference/events/event-offline-clear.html
 * @see https://apidocs.bitrix24.com/api-reference/events/offline-events.html
 */
import { z } from 'zod'
import type { OfflineBatch, OfflineEvent, OfflineEvents } from '../../ports/portal.ts'
import { inChunks, maxBatchCommands, resultOf, type RestClient, type RestParams } from './b24-rest.ts'

/** Records per `event.offline.get` call (its default and documented page). */
const perCall = 50

const answer = z.looseObject({
  process_id: z.string().nullish(),
  events: z
    .array(
      z.looseObject({
        EVENT_NAME: z.string(),
        TIMESTAMP_X: z.string().nullish(),
        EVENT_DATA: z.unknown(),
      }),
    )
    .catch([]),
})

const entityIdOf = (data: unknown): number | null => {
  const id = Number((data as { FIELDS?: { ID?: unknown } } | null)?.FIELDS?.ID)
  return Number.isInteger(id) && id > 0 ? id : null
}

function collect(raw: unknown, into: OfflineBatch): number {
  const parsed = answer.safeParse(raw)
  if (!parsed.success) return 0
  const { process_id: processId, events } = parsed.data
  if (processId && events.length > 0) into.processIds.push(processId)
  for (const e of events) {
    const event: OfflineEvent = {
      event: e.EVENT_NAME.toUpperCase(),
      entityId: entityIdOf(e.EVENT_DATA),
      changedAt: e.TIMESTAMP_X ?? '',
    }
    into.events.push(event)
  }
  return events.length
}

const getParams = { clear: 0, limit: perCall }

/** The {@link OfflineEvents} facet over one portal's REST pipe. */
export function createB24OfflineEvents(rest: RestClient): OfflineEvents {
  return {
    async take(limit) {
      const batch: OfflineBatch = { events: [], processIds: [] }
      // One call first: an idle queue costs one request; a full page asks for the rest in batches.
      if (collect(await rest.call('event.offline.get', getParams), batch) < perCall) return batch
      while (batch.events.length < limit) {
        const rounds = Math.min(maxBatchCommands, Math.ceil((limit - batch.events.length) / perCall))
        const calls = Object.fromEntries(
          Array.from({ length: rounds }, (_, i) => [`g${i}`, ['event.offline.get', getParams] as [string, RestParams]]),
        )
        const answers = await rest.batch<unknown>(calls)
        let taken = 0
        for (const key of Object.keys(calls)) taken += collect(resultOf(answers[key]!), batch)
        if (taken < rounds * perCall) break
      }
      return batch
    },
    async clear(processIds) {
      for (const group of inChunks(processIds, maxBatchCommands)) {
        const calls = Object.fromEntries(
          group.map((id, i) => [`c${i}`, ['event.offline.clear', { process_id: id }] as [string, RestParams]]),
        )
        const answers = await rest.batch<unknown>(calls)
        for (const key of Object.keys(calls)) resultOf(answers[key]!)
      }
    },
  }
}
