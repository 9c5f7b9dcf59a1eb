/**
 * @module An approval's attachments (issue 21). The SPA stages each file in chunks of 512 KB exactly as a website
 * form does (`leads/lead-uploads.ts`: checked by content on the first chunk, kept an hour); starting the approval
 * assembles the named uploads, checks them again as a whole (`leads/lead-file-check.ts`: 400/413/415 naming the
 * file), keeps the bytes in the store for Telegram and uploads each file to the portal's Drive for the approvers'
 * tasks — all before the approval is committed, so an approval never names a file it does not have. A file chosen
 * on Drive (the picker's, or one from the subject's timeline) is read as the initiator may read it (with their own
 * token; as the application for robots and rules), checked like an upload and kept the same way, and the
 * approvers' tasks carry that same Drive file (no copy).
 */
import {
  MAX_APPROVAL_ATTACHMENTS,
  MAX_ATTACHMENT_BYTES,
  type ApprovalAttachment,
  type SubjectRef,
} from '../../domain/index.ts'
import {
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../ports/errors.ts'
import type { Portal } from '../../ports/portal.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { deleteFileChunks, readFileChunks, writeFileChunks } from '../file-chunks.ts'
import { checkLeadFiles, type IncomingFile } from '../leads/lead-file-check.ts'
import { assembleUploads } from '../leads/lead-uploads.ts'
import type { PortalDirectory } from '../portal-directory.ts'

/** What keeping attachments needs. */
export interface AttachmentDeps {
  store: Store
  directory: PortalDirectory
}

const chunkKeyOf = (memberId: string, approvalId: string, number: number) => (index: number) =>
  tenantKey(memberId, 'approval-file', approvalId, String(number), String(index))

/** The files to attach: staged uploads and Drive files, each in the order to show them (uploads first). */
export interface AttachmentSources {
  uploadIds: string[]
  driveFileIds: number[]
  /** The initiator's own token, so Drive files are read as they may; absent: as the application. */
  accessToken?: string | undefined
  /** Drive files too large, of a refused type, gone or closed are left out instead of refused (robots and rules). */
  isLenient?: boolean | undefined
}

/** Reads the Drive files `ids` (each once) through `portal`; one larger than 10 MB is refused (or skipped) unread. */
async function readDriveFiles(portal: Portal, ids: number[], isLenient: boolean) {
  const files: (IncomingFile & { driveFileId: number })[] = []
  for (const driveFileId of new Set(ids)) {
    const file = await portal.files.download(driveFileId, MAX_ATTACHMENT_BYTES).catch((error: unknown) => {
      // A robot's or rule's timeline file deleted or closed meanwhile is left out like an unfit one.
      if (isLenient && (error instanceof NotFoundError || error instanceof PermissionError)) return null
      throw error
    })
    if (file === null) continue
    if (file.bytes === null) {
      if (isLenient) continue
      const details = { file: file.name, maxBytes: MAX_ATTACHMENT_BYTES }
      throw new PayloadTooLargeError('FILE_TOO_LARGE', `The file "${file.name}" is larger than 10 MB`, { details })
    }
    files.push({ name: file.name, bytes: file.bytes, driveFileId })
  }
  return isLenient ? keepFit(files) : files
}

/** Of `files`, those that pass the checks (robots and rules attach what they can rather than fail). */
async function keepFit<T extends IncomingFile>(files: T[]): Promise<T[]> {
  const fit: T[] = []
  for (const file of files) {
    const isFit = await checkLeadFiles([file]).then(
      () => true,
      (error: unknown) => {
        if (error instanceof PayloadTooLargeError || error instanceof UnsupportedMediaTypeError) return false
        throw error
      },
    )
    if (isFit) fit.push(file)
  }
  return fit
}

/**
 * Assembles, checks and keeps the staged uploads and the Drive files `sources` names as the attachments of the
 * approval `approvalId`.
 * @throws ValidationError `TOO_MANY_FILES` / `UPLOAD_INCOMPLETE`, PayloadTooLargeError `FILE_TOO_LARGE`,
 * UnsupportedMediaTypeError `FILE_TYPE_NOT_ALLOWED`; NotFoundError `DISK_NOT_FOUND`, PermissionError
 * `DISK_ACCESS_DENIED`; the Portal port's errors when Drive refuses the upload.
 */
export async function keepAttachments(
  deps: AttachmentDeps,
  target: { memberId: string; approvalId: string },
  sources: AttachmentSources,
): Promise<ApprovalAttachment[]> {
  const { uploadIds, driveFileIds, accessToken } = sources
  const count = uploadIds.length + new Set(driveFileIds).size
  if (count === 0) return []
  if (count > MAX_APPROVAL_ATTACHMENTS) {
    const message = `At most ${MAX_APPROVAL_ATTACHMENTS} files`
    throw new ValidationError('TOO_MANY_FILES', message, { details: { count } })
  }
  const { memberId, approvalId } = target
  const portal = await deps.directory.portal(memberId)
  const uploads = await assembleUploads(deps.store, memberId, uploadIds)
  const reader = async () => (accessToken ? deps.directory.forUser(memberId, accessToken) : portal)
  const isLenient = sources.isLenient ?? false
  const fromDrive = driveFileIds.length > 0 ? await readDriveFiles(await reader(), driveFileIds, isLenient) : []
  const files = await checkLeadFiles([...uploads, ...fromDrive])
  const attachments: ApprovalAttachment[] = []
  for (const [index, file] of files.entries()) {
    const number = index + 1
    const chunks = await writeFileChunks(deps.store, chunkKeyOf(memberId, approvalId, number), file.bytes)
    const diskFileId = fromDrive[index - uploads.length]?.driveFileId ?? (await uploadToDrive(portal, file))
    attachments.push({ number, name: file.name, mime: file.mime, size: file.bytes.length, chunks, diskFileId })
  }
  return attachments
}

/**
 * The Drive ids of the newest files in the timeline of deal or lead `ref` that may be attached (at most 5, each at
 * most 10 MB), read as the application: what robots and rules attach.
 */
export async function subjectFileIds(portal: Portal, ref: SubjectRef): Promise<number[]> {
  const files = await portal.subjects.files(ref)
  const fit = files.filter((f) => f.size <= MAX_ATTACHMENT_BYTES).map((f) => f.driveFileId)
  return [...new Set(fit)].slice(0, MAX_APPROVAL_ATTACHMENTS)
}

/** Puts an uploaded file on the application's Drive storage; null when the connection has none (webhook). */
async function uploadToDrive(portal: Portal, file: { name: string; bytes: Uint8Array }): Promise<number | null> {
  const contentBase64 = Buffer.from(file.bytes).toString('base64')
  const uploaded = await portal.files.upload({ name: file.name, contentBase64 })
  return uploaded === 'no-app-storage' ? null : uploaded
}

/** The bytes of one attachment of the approval `approvalId`. */
export function attachmentBytes(
  store: Store,
  target: { memberId: string; approvalId: string },
  attachment: ApprovalAttachment,
): Promise<Buffer> {
  const keyOf = chunkKeyOf(target.memberId, target.approvalId, attachment.number)
  return readFileChunks(store, keyOf, attachment.chunks)
}

/** Removes the stored bytes of attachments (an approval that failed to start after they were kept). */
export async function dropAttachments(
  store: Store,
  target: { memberId: string; approvalId: string },
  attachments: ApprovalAttachment[],
): Promise<void> {
  for (const a of attachments) {
    await deleteFileChunks(store, chunkKeyOf(target.memberId, target.approvalId, a.number), a.chunks)
  }
}
