/**
 * @module How the sandbox takes a file the bot sends: an upload (multipart, directly or as `attach://<name>` from
 * an InputMedia), or a `file_id` it got before for the same kind of file. URLs are refused, because the sandbox
 * has no network to fetch them from. Photos are checked and measured as Telegram does (JPEG or PNG, at most
 * 10 MB, width + height ≤ 10000, ratio ≤ 20) and get Telegram's sizes: a 90 px thumbnail and the photo scaled to
 * at most 1280 px.
 * @see https://core.telegram.org/bots/api#sending-files
 * @see https://core.telegram.org/bots/api#sendphoto
 */
import { badRequest } from '../bot-api-error.ts'
import type { BotApiParams } from '../params.ts'
import type { SandboxState, StoredFile } from '../sandbox-state.ts'
import type { TgDocument, TgPhotoSize } from '../wire-types.ts'

/** Largest document the Bot API accepts from a bot (50 MB). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024
/** Largest photo the Bot API accepts (10 MB). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024

const idOf = (state: SandboxState, prefix: string) => {
  const sequence = String(state.files.size + 1).padStart(6, '0')
  return { file_id: `${prefix}${sequence}sandbox`, file_unique_id: `AgAD${sequence}` }
}

/** Width and height of a PNG or JPEG, or null for anything else. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47)
    return { width: view.getUint32(16), height: view.getUint32(20) }
  if (bytes.length < 4 || view.getUint16(0) !== 0xffd8) return null
  let at = 2
  while (at + 9 < bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isFrame) return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) }
    at += 2 + view.getUint16(at + 2)
  }
  return null
}

function scaled(size: { width: number; height: number }, side: number) {
  const factor = Math.min(1, side / Math.max(size.width, size.height))
  return { width: Math.max(1, Math.round(size.width * factor)), height: Math.max(1, Math.round(size.height * factor)) }
}

/** MIME types Telegram gives documents by their name's extension (it does not trust the upload's header). */
const mimeByExtension: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  zip: 'application/zip',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

const mimeOf = (name: string) =>
  mimeByExtension[/\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream'

async function storeDocument(state: SandboxState, file: File): Promise<StoredFile> {
  if (file.size > MAX_UPLOAD_BYTES) throw badRequest('file is too big')
  const document: TgDocument = {
    ...idOf(state, 'BQACAgIAAxkBAAI'),
    file_name: file.name || 'document',
    mime_type: mimeOf(file.name),
    file_size: file.size,
  }
  const stored: StoredFile = { document, mime: document.mime_type!, bytes: new Uint8Array(await file.arrayBuffer()) }
  state.files.set(document.file_id, stored)
  return stored
}

async function storePhoto(state: SandboxState, file: File): Promise<StoredFile> {
  if (file.size > MAX_PHOTO_BYTES) throw badRequest('PHOTO_INVALID_DIMENSIONS')
  const bytes = new Uint8Array(await file.arrayBuffer())
  const size = imageSize(bytes)
  if (!size) throw badRequest('IMAGE_PROCESS_FAILED')
  const ratio = Math.max(size.width, size.height) / Math.max(1, Math.min(size.width, size.height))
  if (size.width + size.height > 10_000 || ratio > 20) throw badRequest('PHOTO_INVALID_DIMENSIONS')
  const base = idOf(state, 'AgACAgIAAxkBAAI')
  const photo: TgPhotoSize[] = [
    { file_id: `${base.file_id}s`, file_unique_id: `${base.file_unique_id}s`, ...scaled(size, 90) },
    { ...base, ...scaled(size, 1280), file_size: file.size },
  ]
  const stored: StoredFile = { photo, mime: bytes[0] === 0x89 ? 'image/png' : 'image/jpeg', bytes }
  for (const one of photo) state.files.set(one.file_id, stored)
  return stored
}

/**
 * The file named by `raw` (an upload, `attach://<name>`, or a `file_id` of the same kind), stored as `kind`.
 * @throws BotApiError 400 as Telegram answers: no file, a wrong identifier, too big, not an image.
 */
export async function takeInputFile(
  state: SandboxState,
  params: BotApiParams,
  raw: unknown,
  kind: 'document' | 'photo',
): Promise<StoredFile> {
  const attached = typeof raw === 'string' && raw.startsWith('attach://') ? params[raw.slice(9)] : raw
  if (attached instanceof File) return kind === 'photo' ? storePhoto(state, attached) : storeDocument(state, attached)
  if (typeof attached !== 'string' || attached === '') throw badRequest(`there is no ${kind} in the request`)
  const stored = state.files.get(attached)
  if (!stored || !stored[kind]) throw badRequest('wrong file identifier/HTTP URL specified')
  return stored
}
