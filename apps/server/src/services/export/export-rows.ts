/**
 * @module The rows of an approvals export: the list's own pages (`listApprovals`, so its filters and who may see
 * what are the list's) read one after the other, each approval turned into one row in the user's language with
 * names from the portal's people and times in the portal's time zone. Only one page is held at a time.
 */
import { waitingFor, zoneOffsetMs, type Actor, type Approval } from '../../domain/index.ts'
import { PayloadTooLargeError } from '../../ports/errors.ts'
import type { Store } from '../../ports/store.ts'
import { listApprovals, type ApprovalFilter } from '../approvals/list-approvals.ts'
import { listTemplates } from '../approvals/approval-templates.ts'
import { exportTexts, type ExportLanguage } from './export-texts.ts'

/** One exported approval, column by column (see `exportTexts.columns`). */
export interface ExportRow {
  id: string
  title: string
  status: string
  initiator: string
  /** Wall-clock times in the portal's time zone; `null` when not reached. */
  createdAt: Date
  closedAt: Date | null
  template: string
  subject: string
  amount: number | null
  currency: string
  waitingFor: string
  deadline: Date | null
}

/** Everything a row needs besides the approval: language, time zone, user names and template names. */
export interface RowContext {
  language: ExportLanguage
  timeZone: string
  userNames: ReadonlyMap<number, string>
  templateNames: ReadonlyMap<string, string>
}

/** An instant as the portal's wall clock, as a `Date` whose UTC fields read that wall clock (what a sheet shows). */
export function wallClock(iso: string, timeZone: string): Date {
  const instant = new Date(iso)
  return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone))
}

/** The row of one approval. */
export function toExportRow(approval: Approval, ctx: RowContext): ExportRow {
  const texts = exportTexts[ctx.language]
  const name = (id: number) => ctx.userNames.get(id) ?? `#${id}`
  const subject = approval.subject
  const time = (iso: string | null | undefined) => (iso ? wallClock(iso, ctx.timeZone) : null)
  return {
    ...{ id: approval.id, title: approval.title, status: texts.statuses[approval.status] },
    ...{
      initiator: name(approval.initiatorId),
      createdAt: time(approval.createdAt)!,
      closedAt: time(approval.closedAt),
    },
    template: approval.templateId ? (ctx.templateNames.get(approval.templateId) ?? approval.templateId) : '',
    subject: subject ? `${texts.subjectKinds[subject.kind]} #${subject.id} ${subject.title}`.trim() : '',
    ...{ amount: subject?.amount ?? null, currency: subject?.currency ?? '' },
    ...{ waitingFor: waitingFor(approval).map(name).join(', '), deadline: time(approval.deadline?.dueAt) },
  }
}

/** The page size the export reads the list with. */
const pageSize = 100

/** The list's approvals for `filter` (cursor and limit ignored), page by page, in the list's order. */
export async function* exportPages(store: Store, memberId: string, actor: Actor, filter: ApprovalFilter) {
  let cursor: string | undefined
  do {
    const page = await listApprovals(store, memberId, actor, { ...filter, limit: pageSize, cursor })
    if (page.items.length > 0) yield page.items
    cursor = page.cursor ?? undefined
  } while (cursor !== undefined)
}

/**
 * How many approvals the export of `filter` holds, counted before anything is sent.
 * @throws PayloadTooLargeError `EXPORT_TOO_LARGE` (details `{ max }`) as soon as the count passes `max`.
 */
export async function countExport(store: Store, memberId: string, actor: Actor, filter: ApprovalFilter, max: number) {
  let count = 0
  for await (const page of exportPages(store, memberId, actor, filter)) {
    count += page.length
    if (count > max) {
      throw new PayloadTooLargeError('EXPORT_TOO_LARGE', `An export holds at most ${max} approvals`, {
        details: { max },
      })
    }
  }
  return count
}

/** The names of the portal's templates by id. */
export async function templateNames(store: Store, memberId: string): Promise<Map<string, string>> {
  return new Map((await listTemplates(store, memberId)).map((t) => [t.id, t.name]))
}
