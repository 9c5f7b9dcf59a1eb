/**
 * @module The crm facet of {@link Portal}: deals and leads read by id for event processing, with the app's own
 * token — up to 50 ids in one `crm.deal.list` / `crm.lead.list` call (`@ID` filter), up to 50 such calls in one
 * `batch`, so a mass edit of thousands of entities costs a handful of requests.
 * @see https://apidocs.bitrix24.com/api-reference/crm/deals/crm-deal-list.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html
 * @see https://apidocs.bitrix24.com/api-reference/how-to-call-rest-api/batch.html
 */
import { z } from 'zod'
import type { CrmEntityKind, CrmEntityRead } from '../../domain/index.ts'
import type { CrmRecords } from '../../ports/portal.ts'
import { inChunks, maxBatchCommands, resultOf, type RestClient, type RestParams } from './b24-rest.ts'

/** Ids per list call: one page of a list method. */
export const idsPerList = 50

const text = z.union([z.string(), z.number()]).nullish()
const row = z.looseObject({
  ID: z.coerce.number().int().positive(),
  TITLE: text,
  OPPORTUNITY: text,
  CURRENCY_ID: text,
  CATEGORY_ID: text,
  STAGE_ID: text,
  STATUS_ID: text,
  SOURCE_ID: text,
  ASSIGNED_BY_ID: text,
  DATE_CREATE: text,
  DATE_MODIFY: text,
  MOVED_TIME: text,
})

const common = ['ID', 'TITLE', 'OPPORTUNITY', 'CURRENCY_ID', 'SOURCE_ID', 'ASSIGNED_BY_ID', 'DATE_CREATE']
const select: Record<CrmEntityKind, string[]> = {
  deal: [...common, 'DATE_MODIFY', 'MOVED_TIME', 'CATEGORY_ID', 'STAGE_ID', 'UF_*'],
  lead: [...common, 'DATE_MODIFY', 'MOVED_TIME', 'STATUS_ID', 'UF_*'],
}

const str = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value))
const num = (value: string | number | null | undefined) => {
  const n = Number(value ?? 0)
  return Number.isFinite(n) ? n : 0
}

/** One list row as a read in the domain's words. */
export function toCrmEntityRead(kind: CrmEntityKind, raw: unknown): CrmEntityRead | null {
  const parsed = row.safeParse(raw)
  if (!parsed.success) return null
  const r = parsed.data
  const userFields = Object.fromEntries(Object.entries(r).filter(([key]) => key.startsWith('UF_')))
  return {
    kind,
    entityId: r.ID,
    facts: {
      ...{ title: str(r.TITLE), amount: num(r.OPPORTUNITY), currency: str(r.CURRENCY_ID) },
      pipelineId: kind === 'deal' ? num(r.CATEGORY_ID) : 0,
      stageId: str(kind === 'deal' ? r.STAGE_ID : r.STATUS_ID),
      ...{ sourceId: str(r.SOURCE_ID), responsibleId: num(r.ASSIGNED_BY_ID), userFields },
    },
    createdAt: str(r.DATE_CREATE),
    modifiedAt: str(r.DATE_MODIFY),
    movedAt: str(r.MOVED_TIME) || null,
  }
}

function listCall(kind: CrmEntityKind, ids: number[]): [string, RestParams] {
  return [`crm.${kind}.list`, { filter: { '@ID': ids }, select: select[kind], order: { ID: 'ASC' }, start: -1 }]
}

/** The {@link CrmRecords} facet over one portal's REST pipe. */
export function createB24Crm(rest: RestClient): CrmRecords {
  return {
    async read(kind, ids) {
      const unique = [...new Set(ids)].filter((id) => Number.isInteger(id) && id > 0)
      const reads: CrmEntityRead[] = []
      for (const group of inChunks(inChunks(unique, idsPerList), maxBatchCommands)) {
        const calls = Object.fromEntries(group.map((part, i) => [`c${i}`, listCall(kind, part)]))
        const answers = await rest.batch<unknown>(calls)
        for (const key of Object.keys(calls)) {
          const rows = resultOf(answers[key]!)
          for (const raw of Array.isArray(rows) ? rows : []) {
            const read = toCrmEntityRead(kind, raw)
            if (read) reads.push(read)
          }
        }
      }
      return reads
    },
  }
}
