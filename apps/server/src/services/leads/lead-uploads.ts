/**
 * @module Staged file uploads of the lead intake (issue 20): a serverless function takes at most 4.5 MB per request
 * (Vercel) and a KV value about 1 MB (Upstash), so the snippet sends each file in chunks of at most
 * {@link UPLOAD_CHUNK_BYTES} before the submission, which then names the uploads. Chunks live as temporary keys
 * ({@link UPLOAD_TTL_MS}); the first chunk is checked by content at once (a wrong type is refused before the rest
 * is sent); the submission assembles every named upload, or refuses the whole submission if one is incomplete.
 */
import { MAX_LEAD_FILE_BYTES, MAX_LEAD_FILES } from '../../domain/leads/index.ts'
import { UPLOAD_CHUNK_BYTES } from '../../domain/leads/lead-snippet.ts'
import { ConflictError, PayloadTooLargeError, ValidationError } from '../../ports/errors.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import { checkLeadFiles, type IncomingFile } from './lead-file-check.ts'

export { UPLOAD_CHUNK_BYTES }
/** How long a staged upload waits for its submission. */
export const UPLOAD_TTL_MS = 60 * 60_000
/** The shape of an upload id the snippet makes. */
export const uploadIdPattern = /^[A-Za-z0-9_-]{8,64}$/

/** What the snippet says about a file with each chunk. */
export interface UploadMeta {
  name: string
  size: number
  chunks: number
}

/** One chunk as the HTTP layer read it. */
export interface UploadChunk {
  uploadId: string
  index: number
  meta: UploadMeta
  bytes: Uint8Array
}

const metaKey = (memberId: string, uploadId: string) => tenantKey(memberId, 'lead-upload', uploadId, 'meta')
const chunkKey = (memberId: string, uploadId: string, index: number) =>
  tenantKey(memberId, 'lead-upload', uploadId, String(index))

function checkMeta(meta: UploadMeta, index: number, bytes: Uint8Array): void {
  if (meta.size > MAX_LEAD_FILE_BYTES) {
    const details = { file: meta.name, maxBytes: MAX_LEAD_FILE_BYTES }
    throw new PayloadTooLargeError('FILE_TOO_LARGE', `The file "${meta.name}" is larger than 10 MB`, { details })
  }
  const expected = Math.max(1, Math.ceil(meta.size / UPLOAD_CHUNK_BYTES))
  const last = index === meta.chunks - 1
  const rightSize = last ? bytes.length === meta.size - index * UPLOAD_CHUNK_BYTES : bytes.length === UPLOAD_CHUNK_BYTES
  if (meta.chunks !== expected || index < 0 || index >= meta.chunks || !rightSize) {
    throw new ValidationError('BAD_CHUNK', `Chunk ${index} of "${meta.name}" does not fit its size`)
  }
}

/**
 * Stages one chunk. @throws PayloadTooLargeError `FILE_TOO_LARGE`, UnsupportedMediaTypeError
 * `FILE_TYPE_NOT_ALLOWED` (checked on the first chunk), ValidationError `BAD_CHUNK`, ConflictError
 * `UPLOAD_MISMATCH` when the chunks of one upload disagree about the file.
 */
export async function stageChunk(store: Store, memberId: string, chunk: UploadChunk): Promise<void> {
  checkMeta(chunk.meta, chunk.index, chunk.bytes)
  if (chunk.index === 0) await checkLeadFiles([{ name: chunk.meta.name, bytes: chunk.bytes }])
  const key = metaKey(memberId, chunk.uploadId)
  if (!(await store.putIfAbsent(key, chunk.meta, UPLOAD_TTL_MS))) {
    const first = await store.getTemp<UploadMeta>(key)
    if (JSON.stringify(first) !== JSON.stringify(chunk.meta)) {
      throw new ConflictError('UPLOAD_MISMATCH', 'The chunks of this upload describe different files')
    }
  }
  await store.delete(chunkKey(memberId, chunk.uploadId, chunk.index))
  await store.putIfAbsent(
    chunkKey(memberId, chunk.uploadId, chunk.index),
    Buffer.from(chunk.bytes).toString('base64'),
    UPLOAD_TTL_MS,
  )
}

/**
 * The files of the staged uploads `uploadIds`, assembled. @throws ValidationError `TOO_MANY_FILES`, and
 * `UPLOAD_INCOMPLETE` naming the file when an upload is unknown, expired or misses a chunk.
 */
export async function assembleUploads(store: Store, memberId: string, uploadIds: string[]): Promise<IncomingFile[]> {
  if (uploadIds.length > MAX_LEAD_FILES) {
    throw new ValidationError('TOO_MANY_FILES', `At most ${MAX_LEAD_FILES} files`, {
      details: { count: uploadIds.length },
    })
  }
  const files: IncomingFile[] = []
  for (const uploadId of uploadIds) {
    const meta = uploadIdPattern.test(uploadId) ? await store.getTemp<UploadMeta>(metaKey(memberId, uploadId)) : null
    const parts: Buffer[] = []
    for (let i = 0; meta && i < meta.chunks; i += 1) {
      const part = await store.getTemp<string>(chunkKey(memberId, uploadId, i))
      if (part !== null) parts.push(Buffer.from(part, 'base64'))
    }
    const bytes = Buffer.concat(parts)
    if (!meta || parts.length !== meta.chunks || bytes.length !== meta.size) {
      const file = meta?.name ?? uploadId
      throw new ValidationError('UPLOAD_INCOMPLETE', `The file "${file}" was not uploaded completely`, {
        details: { file },
      })
    }
    files.push({ name: meta.name, bytes: new Uint8Array(bytes) })
  }
  return files
}

/** Removes staged uploads once their submission is stored. */
export async function dropUploads(store: Store, memberId: string, uploadIds: string[]): Promise<void> {
  for (const uploadId of uploadIds) {
    const meta = await store.takeTemp<UploadMeta>(metaKey(memberId, uploadId))
    for (let i = 0; meta && i < meta.chunks; i += 1) await store.takeTemp(chunkKey(memberId, uploadId, i))
  }
}
