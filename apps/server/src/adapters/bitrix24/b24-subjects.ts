/**
 * @module The subjects facet of {@link Portal}: a deal, lead or task read with `crm.deal.get`, `crm.lead.get` or
 * `tasks.task.get` as the client's token holder, so the portal's own access rights decide what may be read; the
 * link is built from the portal's domain, never taken from a client.
 * @see https://apidocs.bitrix24.com/api-reference/crm/deals/crm-deal-get.html
 * @see https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-get.html
 * @see https://apidocs.bitrix24.com/api-reference/tasks/tasks-task-get.html
 * The subject's files are those of its timeline comments (`crm.timeline.comment.list` with `FILES`: each names
 * its Drive object in `urlDownload`, `/disk/downloadFile/<id>/`).
 * @see https://apidocs.bitrix24.com/api-reference/crm/timeline/comments/crm-timeline-comment-list.html
 */
import { z } from 'zod'
import type { Subject, SubjectRef } from '../../domain/index.ts'
import { AppError, NotFoundError, PermissionError } from '../../ports/errors.ts'
import type { SubjectFile, Subjects } from '../../ports/portal.ts'
import type { RestClient } from './b24-rest.ts'
import { searchSubjects } from './b24-subject-search.ts'

const MAX_TITLE = 255
const userId = z.coerce.number().int().positive().nullish().catch(null)

const crmRecord = z.looseObject({
  TITLE: z.string().nullish(),
  OPPORTUNITY: z.union([z.string(), z.number()]).nullish(),
  CURRENCY_ID: z.string().nullish(),
  ASSIGNED_BY_ID: userId,
  CATEGORY_ID: z.coerce.number().int().nonnegative().nullish().catch(null),
  SOURCE_ID: z.string().nullish().catch(null),
})
const taskAnswer = z.looseObject({
  task: z.looseObject({ title: z.string().nullish(), responsibleId: userId }),
})

/** The link to an item in the portal at `domain` (`https://<domain>/…`). */
export function subjectUrl(domain: string, ref: SubjectRef, responsibleId: number | null): string {
  const base = `https://${domain}`
  if (ref.kind === 'task') return `${base}/company/personal/user/${responsibleId ?? 0}/tasks/task/view/${ref.id}/`
  return `${base}/crm/${ref.kind}/details/${ref.id}/`
}

/**
 * A deal's or lead's amount: an `OPPORTUNITY` of 0 counts as none (Bitrix24 stores `0.00` when nobody entered
 * one, and a card should not announce "0 ₽"); a currency only as an ISO 4217 code.
 */
export function money(record: { OPPORTUNITY?: string | number | null; CURRENCY_ID?: string | null }): {
  amount: number | null
  currency: string | null
} {
  const amount = Number(record.OPPORTUNITY ?? 0)
  const currency = record.CURRENCY_ID?.trim().toUpperCase() ?? ''
  return {
    amount: Number.isFinite(amount) && amount > 0 ? amount : null,
    currency: /^[A-Z]{3}$/.test(currency) ? currency : null,
  }
}

/**
 * Bitrix24's refusals of a read as our errors. Legacy CRM methods answer 400 with an empty code and the text
 * "Not found" or "Access denied."; `tasks.task.get` answers `ACCESS_DENIED`, or "Task not found or access denied"
 * when it will not say which (then the item counts as missing).
 */
function refusal(error: unknown, ref: SubjectRef): unknown {
  if (!(error instanceof AppError)) return error
  const description = String((error.details as { description?: unknown } | undefined)?.description ?? '')
  const label = `${ref.kind} ${ref.id}`
  if (error.code === 'BITRIX24_ACCESS_DENIED' || /^access denied/i.test(description)) {
    return new PermissionError('SUBJECT_ACCESS_DENIED', `You may not see ${label} in Bitrix24`, { cause: error })
  }
  if (error.code === 'BITRIX24_ERROR' && /not found/i.test(description)) {
    return new NotFoundError('SUBJECT_NOT_FOUND', `There is no ${label} in Bitrix24`, { cause: error })
  }
  return error
}

async function readItem(rest: RestClient, domain: string, ref: SubjectRef): Promise<Subject> {
  if (ref.kind === 'task') {
    const { task } = taskAnswer.parse(await rest.call('tasks.task.get', { taskId: ref.id }))
    const responsibleId = task.responsibleId ?? null
    const title = (task.title ?? '').trim().slice(0, MAX_TITLE)
    return { ...ref, title, amount: null, currency: null, url: subjectUrl(domain, ref, responsibleId), responsibleId }
  }
  const record = crmRecord.parse(await rest.call(`crm.${ref.kind}.get`, { id: ref.id }))
  const responsibleId = record.ASSIGNED_BY_ID ?? null
  const title = (record.TITLE ?? '').trim().slice(0, MAX_TITLE)
  const route = {
    ...(ref.kind === 'deal' ? { pipelineId: record.CATEGORY_ID ?? 0 } : {}),
    sourceId: record.SOURCE_ID?.trim().slice(0, 50) || null,
  }
  return { ...ref, title, ...money(record), url: subjectUrl(domain, ref, responsibleId), responsibleId, ...route }
}

const commentFile = z.looseObject({
  name: z.string(),
  size: z.coerce.number().int().nonnegative(),
  urlDownload: z.string(),
})
const commentRows = z.array(
  z.looseObject({ FILES: z.record(z.string(), commentFile).or(z.array(z.never())).nullish() }),
)

async function timelineFiles(rest: RestClient, ref: SubjectRef): Promise<SubjectFile[]> {
  if (ref.kind === 'task') return []
  const params = {
    filter: { ENTITY_ID: ref.id, ENTITY_TYPE: ref.kind },
    select: ['ID', 'FILES'],
    order: { ID: 'DESC' },
  }
  const rows = commentRows.parse(await rest.call('crm.timeline.comment.list', params))
  return rows.flatMap((row) =>
    Object.values(row.FILES ?? {}).flatMap((file) => {
      const id = /\/disk\/downloadFile\/(\d+)\//.exec(file.urlDownload)?.[1]
      return id ? [{ driveFileId: Number(id), name: file.name, size: file.size }] : []
    }),
  )
}

/** The subjects facet over one portal's REST pipe; `domain` is the portal's host as the trust anchor stored it. */
export function createB24Subjects(rest: RestClient, domain: string): Subjects {
  return {
    async describe(ref, facts) {
      const { responsibleId } = facts
      const title = facts.title.trim().slice(0, MAX_TITLE)
      const sums = money({ OPPORTUNITY: facts.amount, CURRENCY_ID: facts.currency })
      const route = {
        ...(ref.kind === 'deal' && facts.pipelineId !== undefined ? { pipelineId: facts.pipelineId } : {}),
        ...(facts.sourceId !== undefined ? { sourceId: facts.sourceId || null } : {}),
      }
      return { ...ref, title, ...sums, url: subjectUrl(domain, ref, responsibleId), responsibleId, ...route }
    },
    search: (kind, text) => searchSubjects(rest, kind, text),
    async read(ref) {
      try {
        return await readItem(rest, domain, ref)
      } catch (error) {
        throw refusal(error, ref)
      }
    },
    async files(ref) {
      try {
        return await timelineFiles(rest, ref)
      } catch (error) {
        throw refusal(error, ref)
      }
    },
  }
}
