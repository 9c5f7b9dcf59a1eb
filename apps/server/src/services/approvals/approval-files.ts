/**
 * @module An approval's attachments (issue 21). The SPA stages each file in chunks of 512 KB exactly as a website
 * form does (`leads/lead-uploads.ts`: checked by content on the first chunk, kept an hour); starting the approval
 * assembles the named uploads, checks them again as a whole (`leads/lead-file-check.ts`: 400/413/415 naming the
 * file), keeps the bytes in the store for Telegram and uploads each file to the portal's Drive for the approvers'
 * tasks — all before the approval is committed, so an approval never names a file it does not have.
 */
import type { ApprovalAttachment } from '../../domain/index.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { deleteFileChunks, readFileChunks, writeFileChunks } from '../file-chunks.ts'
import { checkLeadFiles } from '../leads/lead-file-check.ts'
import { assembleUploads } from '../leads/lead-uploads.ts'
import type { PortalDirectory } from '../portal-directory.ts'

/** What keeping attachments needs. */
export interface AttachmentDeps {
  store: Store
  directory: PortalDirectory
}

const chunkKeyOf = (memberId: string, approvalId: string, number: number) => (index: number) =>
  tenantKey(memberId, 'approval-file', approvalId, String(number), String(index))

/**
 * Assembles, checks and keeps the staged uploads `uploadIds` as the attachments of the approval `approvalId`.
 * @throws ValidationError `TOO_MANY_FILES` / `UPLOAD_INCOMPLETE`, PayloadTooLargeError `FILE_TOO_LARGE`,
 * UnsupportedMediaTypeError `FILE_TYPE_NOT_ALLOWED`; the Portal port's errors when Drive refuses the upload.
 */
export async function keepAttachments(
  deps: AttachmentDeps,
  target: { memberId: string; approvalId: string },
  uploadIds: string[],
): Promise<ApprovalAttachment[]> {
  if (uploadIds.length === 0) return []
  const { memberId, approvalId } = target
  const files = await checkLeadFiles(await assembleUploads(deps.store, memberId, uploadIds))
  const portal = await deps.directory.portal(memberId)
  const attachments: ApprovalAttachment[] = []
  for (const [index, file] of files.entries()) {
    const number = index + 1
    const chunks = await writeFileChunks(deps.store, chunkKeyOf(memberId, approvalId, number), file.bytes)
    const contentBase64 = Buffer.from(file.bytes).toString('base64')
    const uploaded = await portal.files.upload({ name: file.name, contentBase64 })
    const diskFileId = uploaded === 'no-app-storage' ? null : uploaded
    attachments.push({ number, name: file.name, mime: file.mime, size: file.bytes.length, chunks, diskFileId })
  }
  return attachments
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
