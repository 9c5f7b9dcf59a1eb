/**
 * @module The lead intake as a use case (issue 20, "Intake"): the site by its key (404), the page's origin (403),
 * the rate limits (429), the anti-bot fields (202, nothing stored), the files (400/413/415) and the fields (400),
 * then the submission and its files are made durable — and only then is a receipt id returned. A repeated
 * `submission_id` (a double click, a re-sent form) is 409 with the first receipt, and nothing is stored twice.
 */
import { ulid } from 'ulid'
import { isAllowedOrigin, looksLikeBot, parseSubmission, type LeadRecord } from '../../domain/leads/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { ConflictError, NotFoundError, PermissionError } from '../../ports/errors.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { checkLeadFiles, type IncomingFile } from './lead-file-check.ts'
import { countChunk, countSubmission, type LeadLimits } from './lead-limits.ts'
import { armDelivery, leadLogIndex, saveLead, writeChunks, type LeadDeliveryItem } from './lead-records.ts'
import { findSite } from './lead-sites.ts'
import { assembleUploads, dropUploads, stageChunk, type UploadChunk } from './lead-uploads.ts'

/** What the intake needs. */
export interface IntakeDeps {
  store: Store
  clock: Clock
  limits: LeadLimits
  /** Starts the delivery after the answer (the queue item is the safety net). */
  kick(item: LeadDeliveryItem): void
}

/** One form submission as the HTTP layer read it. */
export interface IncomingSubmission {
  siteKey: string
  origin: string | undefined
  /** The client's address, for the per-address limit. */
  address: string
  fields: Record<string, unknown>
  files: IncomingFile[]
  /** Files staged before the submission (`POST /api/leads/:siteKey/uploads`), by upload id. */
  uploadIds: string[]
}

/** The answer: a receipt id (also for a dropped bot submission, so bots learn nothing) and whether it was kept. */
export interface IntakeReceipt {
  receiptId: string
  stored: boolean
}

/** How long a `submission_id` is remembered (repeats within it are refused). */
const SUBMISSION_ID_TTL_MS = 24 * 60 * 60_000
/** When the safety-net run of a new receipt happens if the immediate delivery did not finish. */
export const DELIVERY_RECOVERY_MS = 15_000

/** The site and origin checks, for the CORS preflight as well. @throws NotFoundError, PermissionError. */
export async function allowedSite(store: Store, siteKey: string, origin: string | undefined) {
  const found = await findSite(store, siteKey)
  if (!found) throw new NotFoundError('SITE_NOT_FOUND', 'No website with this key')
  if (!isAllowedOrigin(found.site, origin)) {
    throw new PermissionError('ORIGIN_NOT_ALLOWED', 'This page is not one of the website’s allowed origins')
  }
  return found
}

async function claimSubmissionId(store: Store, memberId: string, submissionId: unknown, receiptId: string) {
  if (typeof submissionId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(submissionId)) return undefined
  const key = tenantKey(memberId, 'lead-submission', submissionId)
  if (await store.putIfAbsent(key, receiptId, SUBMISSION_ID_TTL_MS)) return key
  const first = await store.getTemp<string>(key)
  throw new ConflictError('ALREADY_RECEIVED', 'This form was sent already', { details: { receiptId: first } })
}

/** Receives one submission. @throws as the module describes; nothing is stored on any refusal. */
export async function receiveLead(deps: IntakeDeps, input: IncomingSubmission): Promise<IntakeReceipt> {
  const { store, clock } = deps
  const { memberId, site } = await allowedSite(store, input.siteKey, input.origin)
  const now = clock.now()
  await countSubmission(store, deps.limits, { memberId, siteKey: site.key, address: input.address, now })
  const receiptId = ulid(now)
  if (looksLikeBot(input.fields, now)) return { receiptId, stored: false }
  const files = await checkLeadFiles([...input.files, ...(await assembleUploads(store, memberId, input.uploadIds))])
  const submission = parseSubmission(input.fields)
  const claimed = await claimSubmissionId(store, memberId, input.fields['submission_id'], receiptId)
  try {
    // The queue item first: should this process die before the record is written, it removes the chunks.
    const item: LeadDeliveryItem = { memberId, receiptId, chunks: files.map(() => 0) }
    await armDelivery(store, item, now + DELIVERY_RECOVERY_MS)
    for (const [index, file] of files.entries()) {
      item.chunks[index] = await writeChunks(store, memberId, receiptId, index, file.bytes)
    }
    await armDelivery(store, item, now + DELIVERY_RECOVERY_MS)
    const record: LeadRecord = {
      ...{ receiptId, site, receivedAt: new Date(now).toISOString(), origin: input.origin ?? '', submission },
      files: files.map((f, i) => ({ name: f.name, size: f.bytes.length, mime: f.mime, chunks: item.chunks[i]! })),
      ...{ status: 'received', attempts: 0, ledger: {} },
    }
    await saveLead(store, memberId, record, 0)
    await store.indexAdd(leadLogIndex(memberId), receiptId, now)
    await dropUploads(store, memberId, input.uploadIds)
    deps.kick(item)
    return { receiptId, stored: true }
  } catch (error) {
    if (claimed) await store.delete(claimed).catch(() => false)
    throw error
  }
}

/** Stages one chunk of a file for a later submission (the site, origin and chunk limit checked first). */
export async function receiveChunk(
  deps: Pick<IntakeDeps, 'store' | 'clock' | 'limits'>,
  input: { siteKey: string; origin: string | undefined; address: string; chunk: UploadChunk },
): Promise<void> {
  const { memberId } = await allowedSite(deps.store, input.siteKey, input.origin)
  await countChunk(deps.store, deps.limits, { address: input.address, now: deps.clock.now() })
  await stageChunk(deps.store, memberId, input.chunk)
}
