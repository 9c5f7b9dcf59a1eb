/**
 * @module The reports routes of the SPA API: `GET /statistics` (figures of a period and filters),
 * `POST /statistics/rebuild` (admins: one slice of counting earlier approvals into the statistics),
 * `GET /exports/statistics` (those tables as XLSX), `GET /exports/approvals/count` (how many rows an export of
 * the list's current filters holds, refused beyond the configured maximum) and `GET /exports/approvals` (the
 * export itself, CSV or XLSX, streamed). Who sees what is the list's rule (with the portal's access settings) and
 * `statisticsScope`.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { maxStatsPeriodDays, statsGroupings, subjectKinds } from '../domain/index.ts'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import { loadSettings } from '../services/approvals/approval-settings.ts'
import { approvalsCsv, csvDelimiters, type CsvDelimiter } from '../services/export/approvals-csv.ts'
import { approvalsXlsx } from '../services/export/approvals-xlsx.ts'
import { countExport, exportPages, templateNames, toExportRow } from '../services/export/export-rows.ts'
import { exportLanguages } from '../services/export/export-texts.ts'
import { statisticsXlsx } from '../services/export/statistics-xlsx.ts'
import { viewerOf } from '../services/people/access-settings.ts'
import { readStatistics } from '../services/stats/read-stats.ts'
import { rebuildSliceSize, rebuildStatisticsSlice } from '../services/stats/rebuild-stats.ts'
import { actorOf } from './app-api-approval-actions.ts'
import { approvalListQuerySchema } from './app-api-approvals.ts'
import { requireAdmin, type AppApiEnv } from './app-auth.ts'
import { validate } from './validate.ts'

const day = z.iso.date()
const id = z.coerce.number().int().positive()

/** Query of `GET /api/app/statistics`: a period of at most 366 days, a grouping and filters. */
export const statisticsQuerySchema = z
  .object({
    from: day,
    to: day,
    grouping: z.enum(statsGroupings).default('day'),
    templateId: z.string().min(1).max(40).optional(),
    initiatorId: id.optional(),
    approverId: id.optional(),
    departmentId: id.optional(),
    subjectKind: z.enum(subjectKinds).optional(),
    pipelineId: z.coerce.number().int().min(0).optional(),
    lang: z.enum(exportLanguages).default('ru'),
  })
  .superRefine((q, ctx) => {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
    if (days > maxStatsPeriodDays) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `the period spans at most ${maxStatsPeriodDays} days` })
    }
  })

/** Body of `POST /api/app/statistics/rebuild`: the cursor the previous call returned (absent: the start). */
export const statisticsRebuildSchema = z
  .object({
    cursor: z.string().min(1).max(400).optional(),
    /** Approvals to read in this call; the slice size at most. */
    limit: z.number().int().min(1).max(rebuildSliceSize).optional(),
  })
  .strict()

/** Query of the approvals export: the list's filters, the format, the CSV separator and the language. */
export const approvalExportQuerySchema = approvalListQuerySchema.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  delimiter: z.enum(Object.keys(csvDelimiters) as [CsvDelimiter, ...CsvDelimiter[]]).default('semicolon'),
  lang: z.enum(exportLanguages).default('ru'),
})

type ExportQuery = z.output<typeof approvalExportQuerySchema>

function listFilter(query: ExportQuery) {
  const { subjectKind, subjectId, q, format: _format, delimiter: _delimiter, lang: _lang, ...rest } = query
  const subject = subjectKind && subjectId ? { kind: subjectKind, id: subjectId } : undefined
  return { ...rest, subject, text: q, limit: 100 }
}

const mime = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** What the reports routes need: the approval services and the export's maximum rows. */
export interface ReportDeps extends ActionDeps {
  exportMaxRows: number
}

/** Creates the reports routes (below `/api/app`). */
export function createReportRoutes(deps: ReportDeps) {
  const names = async (memberId: string) => {
    const people = await deps.people.people(memberId, () => deps.directory.portal(memberId))
    return new Map(people.users.map((u) => [u.id, u.name]))
  }
  const viewer = (user: AppUser) => viewerOf(deps, user.portal.memberId, actorOf(user))
  const statistics = async (memberId: string, user: AppUser, q: StatisticsQuery) => {
    const { from, to, grouping, lang: _lang, ...filter } = q
    return readStatistics(deps.store, memberId, await viewer(user), { from, to, grouping, filter })
  }
  return (
    new Hono<AppApiEnv>()
      .get('/statistics', validate('query', statisticsQuerySchema), async (c) => {
        const user = c.var.appUser
        return c.json({ statistics: await statistics(user.portal.memberId, user, c.req.valid('query')) }, 200)
      })
      // Admins: counts one slice of the portal's approvals into the statistics; call again with the cursor until it
      // is null. Repeated or concurrent calls never count an approval twice (see rebuild-stats.ts).
      .post('/statistics/rebuild', requireAdmin(), validate('json', statisticsRebuildSchema), async (c) => {
        const memberId = c.var.appUser.portal.memberId
        const progress = await rebuildStatisticsSlice(deps.store, memberId, c.req.valid('json'))
        return c.json({ rebuild: progress }, 200)
      })
      .get('/exports/statistics', validate('query', statisticsQuerySchema), async (c) => {
        const user = c.var.appUser
        const memberId = user.portal.memberId
        const query = c.req.valid('query')
        const stats = await statistics(memberId, user, query)
        const ctx = { language: query.lang, period: `${query.from} — ${query.to}` }
        const file = await statisticsXlsx(stats, {
          ...{ ...ctx, userNames: await names(memberId), templateNames: await templateNames(deps.store, memberId) },
        })
        const filename = `statistics-${query.from}-${query.to}.xlsx`
        return c.body(file as Uint8Array<ArrayBuffer>, 200, {
          ...{ 'content-type': mime.xlsx, 'content-disposition': `attachment; filename="${filename}"` },
        })
      })
      .get('/exports/approvals/count', validate('query', approvalExportQuerySchema), async (c) => {
        const user = c.var.appUser
        const filter = listFilter(c.req.valid('query'))
        const count = await countExport(
          deps.store,
          user.portal.memberId,
          await viewer(user),
          filter,
          deps.exportMaxRows,
        )
        return c.json({ count, max: deps.exportMaxRows }, 200)
      })
      .get('/exports/approvals', validate('query', approvalExportQuerySchema), async (c) => {
        const user = c.var.appUser
        const memberId = user.portal.memberId
        const query = c.req.valid('query')
        const filter = listFilter(query)
        // Names first: the count reads the whole list, and a Bitrix24 call after it would wait behind it.
        const userNames = await names(memberId)
        const reader = await viewer(user)
        const count = await countExport(deps.store, memberId, reader, filter, deps.exportMaxRows)
        const { calendar } = await loadSettings(deps.store, memberId)
        const ctx = { language: query.lang, timeZone: calendar.timeZone, userNames }
        const rowCtx = { ...ctx, templateNames: await templateNames(deps.store, memberId) }
        const pages = mapPages(exportPages(deps.store, memberId, reader, filter), (a) => toExportRow(a, rowCtx))
        const body =
          query.format === 'csv'
            ? approvalsCsv(pages, { language: query.lang, delimiter: query.delimiter })
            : approvalsXlsx(pages, query.lang)
        const filename = `approvals.${query.format}`
        return c.body(body, 200, {
          ...{ 'content-type': mime[query.format], 'content-disposition': `attachment; filename="${filename}"` },
          'x-export-rows': String(count),
        })
      })
  )
}

type StatisticsQuery = z.output<typeof statisticsQuerySchema>
type AppUser = AppApiEnv['Variables']['appUser']

async function* mapPages<A, B>(pages: AsyncIterable<A[]>, map: (item: A) => B): AsyncGenerator<B[]> {
  for await (const page of pages) yield page.map(map)
}
