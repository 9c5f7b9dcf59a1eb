/**
 * @module The CRM catalog facet of the Portal adapter: deal pipelines (`crm.category.list`, entity type 2) and
 * the reference lists of `crm.status.list` — the stages of each pipeline (`DEAL_STAGE` for the default one,
 * `DEAL_STAGE_<id>` for the others), lead statuses (`STATUS`) and sources (`SOURCE`) — in one `batch` request.
 * @see https://apidocs.bitrix24.com/api-reference/crm/universal/category/crm-category-list.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/status/crm-status-list.html
 */
import { z } from 'zod'
import type { CrmCatalog, CrmCatalogReader, CrmStage } from '../../ports/portal.ts'
import { resultOf, type RestClient } from './b24-rest.ts'

/** The deal entity type id of `crm.category.list`. */
const dealEntityTypeId = 2

const categoryList = z.object({
  categories: z.array(z.looseObject({ id: z.coerce.number().int().min(0), name: z.string(), sort: z.coerce.number() })),
})
const statusRow = z.looseObject({
  ENTITY_ID: z.string(),
  STATUS_ID: z.string(),
  NAME: z.string(),
  SORT: z.coerce.number(),
  SEMANTICS: z.string().nullish(),
})
type StatusRow = z.output<typeof statusRow>

/** A stage's kind: `S` succeeds, `F` fails, anything else (`null` in the documented answer) is a working stage. */
function semanticsOf(row: StatusRow): CrmStage['semantics'] {
  return row.SEMANTICS === 'S' ? 'success' : row.SEMANTICS === 'F' ? 'failure' : 'process'
}

function stagesOf(rows: StatusRow[], entityId: string): CrmStage[] {
  return rows
    .filter((row) => row.ENTITY_ID === entityId)
    .sort((a, b) => a.SORT - b.SORT)
    .map((row) => ({ id: row.STATUS_ID, name: row.NAME, semantics: semanticsOf(row) }))
}

/** Turns the two answers into the catalog; rows of other reference lists are skipped. */
export function toCrmCatalog(categories: unknown, statuses: unknown): CrmCatalog {
  const rows = z
    .array(z.unknown())
    .parse(statuses)
    .flatMap((row) => {
      const parsed = statusRow.safeParse(row)
      return parsed.success ? [parsed.data] : []
    })
  const pipelines = categoryList
    .parse(categories)
    .categories.sort((a, b) => a.sort - b.sort || a.id - b.id)
    .map((c) => ({ id: c.id, name: c.name, stages: stagesOf(rows, c.id === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${c.id}`) }))
  const sources = stagesOf(rows, 'SOURCE').map(({ id, name }) => ({ id, name }))
  return { pipelines, leadStatuses: stagesOf(rows, 'STATUS'), sources }
}

/** The {@link CrmCatalogReader} facet over one portal's REST pipe. */
export function createB24CrmCatalog(rest: RestClient): CrmCatalogReader {
  return {
    async read() {
      const answers = await rest.batch({
        categories: ['crm.category.list', { entityTypeId: dealEntityTypeId }],
        statuses: ['crm.status.list', { order: { SORT: 'ASC' } }],
      })
      return toCrmCatalog(resultOf(answers['categories']!), resultOf(answers['statuses']!))
    },
  }
}
