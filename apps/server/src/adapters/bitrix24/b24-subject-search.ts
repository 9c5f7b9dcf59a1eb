/**
 * @module The search of the subjects facet: deals or leads whose title contains the typed text
 * (`crm.deal.list` / `crm.lead.list` with a `%TITLE` filter and `start=-1`, which skips the count), the item a
 * typed id names, and the stage names (`crm.status.list`) in one `batch` request; a deal's contacts are named by a
 * second request (`crm.contact.list` with `@ID`) only when a match has one. Called with the user's own token, so
 * Bitrix24 lists only what that user may read.
 * @see https://apidocs.bitrix24.com/api-reference/crm/deals/crm-deal-list.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/status/crm-status-list.html
 */
import { z } from 'zod'
import { maxSubjectMatches, type SubjectMatch } from '../../ports/portal.ts'
import { resultOf, type BatchOutcome, type RestClient, type RestParams } from './b24-rest.ts'
import { money } from './b24-subjects.ts'

type Kind = SubjectMatch['kind']

const text = z.union([z.string(), z.number()]).nullish()
const row = z.looseObject({
  ID: z.coerce.number().int().positive(),
  TITLE: text,
  STAGE_ID: text,
  STATUS_ID: text,
  OPPORTUNITY: text,
  CURRENCY_ID: text,
  CONTACT_ID: text,
  COMPANY_TITLE: text,
  NAME: text,
  LAST_NAME: text,
})
type Row = z.output<typeof row>
const statusRow = z.looseObject({ ENTITY_ID: z.string(), STATUS_ID: z.string(), NAME: z.string() })
const contactRow = z.looseObject({ ID: z.coerce.number(), NAME: text, LAST_NAME: text })

const select: Record<Kind, string[]> = {
  deal: ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY', 'CURRENCY_ID', 'CONTACT_ID'],
  lead: ['ID', 'TITLE', 'STATUS_ID', 'OPPORTUNITY', 'CURRENCY_ID', 'COMPANY_TITLE', 'NAME', 'LAST_NAME'],
}

const words = (...parts: (string | number | null | undefined)[]) =>
  parts
    .map((part) => String(part ?? '').trim())
    .filter(Boolean)
    .join(' ')

function rowsOf<T>(outcome: BatchOutcome | undefined, schema: z.ZodType<T>): T[] {
  const rows = outcome?.ok && Array.isArray(outcome.result) ? outcome.result : []
  return rows.flatMap((raw) => {
    const parsed = schema.safeParse(raw)
    return parsed.success ? [parsed.data] : []
  })
}

function listCall(kind: Kind, filter: RestParams): [string, RestParams] {
  return [`crm.${kind}.list`, { filter, select: select[kind], order: { DATE_MODIFY: 'DESC' }, start: -1 }]
}

/** Stage ids → names: deal stages live in `DEAL_STAGE` and `DEAL_STAGE_<pipeline>`, lead statuses in `STATUS`. */
function stageNames(kind: Kind, outcome: BatchOutcome | undefined): Map<string, string> {
  const isOfKind = (entity: string) => (kind === 'lead' ? entity === 'STATUS' : entity.startsWith('DEAL_STAGE'))
  const rows = rowsOf(outcome, statusRow).filter((status) => isOfKind(status.ENTITY_ID))
  return new Map(rows.map((status) => [status.STATUS_ID, status.NAME]))
}

/** The names of the contacts of `rows` (one `crm.contact.list` request; none when no row names a contact). */
async function contactNames(rest: RestClient, rows: Row[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.map((r) => Number(r.CONTACT_ID)).filter((id) => Number.isInteger(id) && id > 0))]
  if (ids.length === 0) return new Map()
  const filter = { '@ID': ids }
  const answers = await rest.batch({ contacts: ['crm.contact.list', { filter, select: ['ID', 'NAME', 'LAST_NAME'] }] })
  return new Map(rowsOf(answers['contacts'], contactRow).map((c) => [c.ID, words(c.NAME, c.LAST_NAME)]))
}

/**
 * Up to {@link maxSubjectMatches} `kind` items matching `query` (see `Subjects.search`). Stage and contact names
 * are decoration: when the portal refuses those reads, the matches come without them.
 * @throws the Portal port's errors when the list itself is refused.
 */
export async function searchSubjects(rest: RestClient, kind: Kind, query: string): Promise<SubjectMatch[]> {
  const wanted = query.trim()
  const id = /^\d{1,10}$/.test(wanted) ? Number(wanted) : null
  const answers = await rest.batch({
    byTitle: listCall(kind, { '%TITLE': wanted }),
    ...(id ? { byId: listCall(kind, { ID: id }) } : {}),
    stages: ['crm.status.list', { order: { SORT: 'ASC' } }],
  })
  resultOf(answers['byTitle']!)
  const found = [...rowsOf(answers['byId'], row), ...rowsOf(answers['byTitle'], row)]
  const rows = found.filter((r, i) => found.findIndex((other) => other.ID === r.ID) === i).slice(0, maxSubjectMatches)
  const stages = stageNames(kind, answers['stages'])
  const contacts = kind === 'deal' ? await contactNames(rest, rows) : new Map<number, string>()
  return rows.map((r) => {
    const stageId = String((kind === 'deal' ? r.STAGE_ID : r.STATUS_ID) ?? '')
    const client =
      kind === 'deal' ? contacts.get(Number(r.CONTACT_ID)) : words(r.COMPANY_TITLE) || words(r.NAME, r.LAST_NAME)
    const title = String(r.TITLE ?? '')
      .trim()
      .slice(0, 255)
    const sums = money({
      OPPORTUNITY: r.OPPORTUNITY,
      CURRENCY_ID: r.CURRENCY_ID === null ? null : String(r.CURRENCY_ID ?? ''),
    })
    return { kind, id: r.ID, title, stage: stages.get(stageId) ?? (stageId || null), ...sums, client: client || null }
  })
}
