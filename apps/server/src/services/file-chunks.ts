/**
 * @module Files kept in the store as base64 chunks small enough for every store (a KV value is limited to about
 * 1 MB): website leads' files (issue 20) and approvals' attachments (issue 21) both live this way.
 */
import type { Store } from '../ports/store.ts'

/** Raw bytes per stored chunk (base64 makes it about 700 KB, within Upstash's 1 MB request). */
export const CHUNK_BYTES = 512 * 1024

/** The key of chunk `index` of one file. */
export type ChunkKeyOf = (index: number) => string

/** Stores a file's bytes as chunks under `keyOf(0…)`; returns how many. */
export async function writeFileChunks(store: Store, keyOf: ChunkKeyOf, bytes: Uint8Array): Promise<number> {
  const count = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES))
  for (let i = 0; i < count; i += 1) {
    const part = Buffer.from(
      bytes.buffer,
      bytes.byteOffset + i * CHUNK_BYTES,
      Math.min(CHUNK_BYTES, bytes.length - i * CHUNK_BYTES),
    )
    await store.put(keyOf(i), part.toString('base64'))
  }
  return count
}

/** A stored file's bytes. @throws Error when a chunk is missing (never expected: chunks precede their record). */
export async function readFileChunks(store: Store, keyOf: ChunkKeyOf, count: number): Promise<Buffer> {
  const parts: Buffer[] = []
  for (let i = 0; i < count; i += 1) {
    const part = await store.get<string>(keyOf(i))
    if (!part) throw new Error(`Chunk ${i} of ${keyOf(0)} is missing`)
    parts.push(Buffer.from(part.value, 'base64'))
  }
  return Buffer.concat(parts)
}

/** Removes a file's `count` chunks. */
export async function deleteFileChunks(store: Store, keyOf: ChunkKeyOf, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await store.delete(keyOf(i))
}
