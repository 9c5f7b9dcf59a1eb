/**
 * @module Which files a lead form accepts (issue 20): PDF, DOC, DOCX, XLS, XLSX, JPG, JPEG, PNG, GIF and TXT, at
 * most 5 of 10 MB each. The kind is judged by content (the detected type from `file-type`, passed in), and the
 * name's extension must agree with it, so a renamed executable is refused.
 */

/** At most this many files per submission. */
export const MAX_LEAD_FILES = 5
/** At most this many bytes per file (as in seed 004). */
export const MAX_LEAD_FILE_BYTES = 10 * 1024 * 1024
/** The extensions a lead file may have. */
export const leadFileExtensions = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'jpg', 'jpeg', 'png', 'gif', 'txt'] as const

/** What content detection found: a `file-type` extension (`pdf`, `png`, `cfb`, …), or `text` for plain UTF-8 text. */
export type DetectedKind = string | 'text' | null

/** For each detected kind, the name extensions that may carry it. */
const extensionsByKind: Record<string, readonly string[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  // DOC and XLS are OLE compound files; `file-type` reports the container.
  cfb: ['doc', 'xls'],
  jpg: ['jpg', 'jpeg'],
  png: ['png'],
  gif: ['gif'],
  text: ['txt'],
}

/** The lower-case extension of a file name ('' without one). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

/** Whether a file named `name` whose content was detected as `kind` may be attached to a lead. */
export function isAcceptedLeadFile(name: string, kind: DetectedKind): boolean {
  if (kind === null) return false
  return (extensionsByKind[kind] ?? []).includes(extensionOf(name))
}

/**
 * A file name safe to store and show: the base name only, control characters and path separators removed, at
 * most 120 characters (the extension kept).
 */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim()
  if (base.length <= 120) return base || 'file'
  const ext = extensionOf(base)
  return `${base.slice(0, 119 - ext.length)}.${ext}`
}
