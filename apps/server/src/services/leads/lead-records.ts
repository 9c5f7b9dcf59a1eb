/**
 * @module Where received leads live in the store (issue 20): the record (the commit point of a submission), its
 * files as base64 chunks small enough for every store (KV values are limited), the portal's delivery log (an
 * index by arrival), and the delivery queue. Chunks are written before the record, so a record always has its
 * files; a queue item put in first removes the chunks of a submission whose record never got written.
 */
import type { LeadRecord } from '../../domain/leads/index.ts'
import { globalKey, tenantKey, type Store, type Versioned } from '../../ports/store.ts'
import { deleteFileChunks, readFileChunks, writeFileChunks } from '../file-chunks.ts'

/** The queue every portal's lead deliveries live in. */
export const leadDeliveryQueue = globalKey('lead-delivery')

/** What a delivery queue item names: the receipt, and how many chunks each file has (to clean up an orphan). */
export interface LeadDeliveryItem {
  memberId: string
  receiptId: string
  chunks: number[]
}

const recordKey = (memberId: string, receiptId: string) => tenantKey(memberId, 'lead', receiptId)
const chunkKey = (memberId: string, receiptId: string, file: number, chunk: number) =>
  tenantKey(memberId, 'lead-chunk', receiptId, String(file), String(chunk))
/** The portal's delivery log: receipt ids by arrival time. */
export const leadLogIndex = (memberId: string) => tenantKey(memberId, 'lead-log')

/** The queue item id of a receipt. */
export function deliveryItemId(memberId: string, receiptId: string): string {
  return tenantKey(memberId, 'lead-delivery', receiptId)
}

/** Reads a received lead. */
export function loadLead(store: Store, memberId: string, receiptId: string): Promise<Versioned<LeadRecord> | null> {
  return store.get<LeadRecord>(recordKey(memberId, receiptId))
}

/** Writes a received lead if its version is still `version`; the new version, or null when it changed meanwhile. */
export function saveLead(store: Store, memberId: string, record: LeadRecord, version: number) {
  return store.compareAndSet(recordKey(memberId, record.receiptId), record, version)
}

/** Stores a file's bytes as chunks; returns how many. */
export async function writeChunks(store: Store, memberId: string, receiptId: string, file: number, bytes: Uint8Array) {
  return writeFileChunks(store, (i) => chunkKey(memberId, receiptId, file, i), bytes)
}

/** A stored file's content as one base64 string. @throws Error when a chunk is missing (never expected). */
export async function readFileBase64(store: Store, memberId: string, receiptId: string, file: number, chunks: number) {
  return (await readFileChunks(store, (i) => chunkKey(memberId, receiptId, file, i), chunks)).toString('base64')
}

/** Removes the files' chunks (`chunks[i]` chunks of file i). */
export async function deleteChunks(store: Store, memberId: string, receiptId: string, chunks: number[]) {
  for (const [file, count] of chunks.entries()) {
    await deleteFileChunks(store, (i) => chunkKey(memberId, receiptId, file, i), count)
  }
}

/** Removes a received lead entirely: record, chunks and log entry. */
export async function purgeLead(store: Store, item: LeadDeliveryItem): Promise<void> {
  await deleteChunks(store, item.memberId, item.receiptId, item.chunks)
  await store.delete(recordKey(item.memberId, item.receiptId))
  await store.indexRemove(leadLogIndex(item.memberId), item.receiptId)
}

/** Puts (or moves) a receipt's delivery item to `dueAt`. */
export async function armDelivery(store: Store, item: LeadDeliveryItem, dueAt: number): Promise<void> {
  await store.enqueue(leadDeliveryQueue, { id: deliveryItemId(item.memberId, item.receiptId), payload: item, dueAt })
}
