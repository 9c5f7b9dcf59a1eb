/**
 * @module Checks a submission's files before anything is stored: how many (400), how large (413), and what they
 * really are (415) — judged by their content with `file-type` (plain text: valid UTF-8 without control bytes),
 * never by the name alone. Every refusal names the file.
 */
import {
  MAX_LEAD_FILE_BYTES,
  MAX_LEAD_FILES,
  cleanFileName,
  isAcceptedLeadFile,
  type DetectedKind,
} from '../../domain/leads/index.ts'
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../ports/errors.ts'

/** A file as the form sent it. */
export interface IncomingFile {
  name: string
  bytes: Uint8Array
}

/** A file that passed the checks: its cleaned name and detected MIME type. */
export interface CheckedFile {
  name: string
  mime: string
  bytes: Uint8Array
}

function isPlainText(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    // eslint-disable-next-line no-control-regex
    return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)
  } catch {
    return false
  }
}

async function detect(bytes: Uint8Array): Promise<{ kind: DetectedKind; mime: string }> {
  // Loaded by the first file, not by every cold start.
  const { fileTypeFromBuffer } = await import('file-type')
  const found = await fileTypeFromBuffer(bytes)
  if (found) return { kind: found.ext, mime: found.mime }
  return isPlainText(bytes) ? { kind: 'text', mime: 'text/plain' } : { kind: null, mime: 'application/octet-stream' }
}

/**
 * Checks every file. @throws ValidationError `TOO_MANY_FILES` (400), PayloadTooLargeError `FILE_TOO_LARGE`
 * (413), UnsupportedMediaTypeError `FILE_TYPE_NOT_ALLOWED` (415), each naming the file in `details.file`.
 */
export async function checkLeadFiles(files: IncomingFile[]): Promise<CheckedFile[]> {
  if (files.length > MAX_LEAD_FILES) {
    throw new ValidationError('TOO_MANY_FILES', `At most ${MAX_LEAD_FILES} files`, { details: { count: files.length } })
  }
  const large = files.find((file) => file.bytes.length > MAX_LEAD_FILE_BYTES)
  if (large) {
    const details = { file: large.name, maxBytes: MAX_LEAD_FILE_BYTES }
    throw new PayloadTooLargeError('FILE_TOO_LARGE', `The file "${large.name}" is larger than 10 MB`, { details })
  }
  const checked: CheckedFile[] = []
  for (const file of files) {
    const name = cleanFileName(file.name)
    const { kind, mime } = await detect(file.bytes)
    if (file.bytes.length === 0 || !isAcceptedLeadFile(name, kind)) {
      const details = { file: file.name, detected: kind }
      throw new UnsupportedMediaTypeError('FILE_TYPE_NOT_ALLOWED', `The file "${file.name}" is not an allowed type`, {
        details,
      })
    }
    checked.push({ name, mime, bytes: file.bytes })
  }
  return checked
}
