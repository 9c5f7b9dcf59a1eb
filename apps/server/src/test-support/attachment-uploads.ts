/**
 * @module Test harness: staging an approval's files as the SPA does — `POST /api/app/uploads` in chunks of 512 KB
 * with the frame's bearer token.
 */
import { randomBytes } from 'node:crypto'
import type { Hono } from 'hono'

/** Who uploads: the app, and the caller's token and portal. */
export interface Uploader {
  app: Hono
  token: string
  memberId: string
}

/** Sends one chunk; returns the response. */
export function sendChunk(
  who: Uploader,
  fields: { uploadId: string; index: number; chunks: number; name: string; size: number; bytes: Uint8Array },
) {
  const form = new FormData()
  form.append('upload_id', fields.uploadId)
  form.append('index', String(fields.index))
  form.append('chunks', String(fields.chunks))
  form.append('name', fields.name)
  form.append('size', String(fields.size))
  form.append('chunk', new File([Uint8Array.from(fields.bytes)], 'blob'))
  const headers = { authorization: `Bearer ${who.token}`, 'x-b24-member-id': who.memberId }
  return who.app.request('/api/app/uploads', { method: 'POST', headers, body: form })
}

/** Stages a whole file; returns its upload id. @throws Error with the answer when a chunk is refused. */
export async function uploadFile(who: Uploader, name: string, bytes: Uint8Array): Promise<string> {
  const uploadId = randomBytes(12).toString('base64url')
  const chunkBytes = 512 * 1024
  const chunks = Math.max(1, Math.ceil(bytes.length / chunkBytes))
  for (let index = 0; index < chunks; index += 1) {
    const part = bytes.subarray(index * chunkBytes, (index + 1) * chunkBytes)
    const res = await sendChunk(who, { uploadId, index, chunks, name, size: bytes.length, bytes: part })
    if (res.status !== 204) throw new Error(`Chunk ${index} of ${name}: ${res.status} ${await res.text()}`)
  }
  return uploadId
}
