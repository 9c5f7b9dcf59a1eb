/** @module Whole-store chores of the SQLite Store: purge of one portal and the lazy sweep of expired rows. */
import { tenantPrefix } from '../../../ports/store.ts'
import { prefixRange, type SqliteDatabase } from './sqlite-schema.ts'

/** How often, at most, expired temp keys, leases and counters are deleted (they already read as absent). */
const sweepEveryMs = 60_000

/**
 * Deletes every row of the portal `memberId` in one `BEGIN IMMEDIATE` transaction: keys, index and queue names
 * with its prefix, and items of any queue whose id has its prefix. Range comparisons on the prefix (not LIKE)
 * keep `portal` from matching `portal2` and use the primary-key indexes.
 */
export function createPortalPurge(db: SqliteDatabase): (memberId: string) => void {
  const statements = [
    'DELETE FROM documents WHERE key >= @from AND key < @to',
    'DELETE FROM temp_keys WHERE key >= @from AND key < @to',
    'DELETE FROM index_members WHERE name >= @from AND name < @to',
    'DELETE FROM queue_items WHERE queue >= @from AND queue < @to',
    'DELETE FROM queue_items WHERE id >= @from AND id < @to',
    'DELETE FROM leases WHERE name >= @from AND name < @to',
    'DELETE FROM counters WHERE key >= @from AND key < @to',
  ].map((sql) => db.prepare<[{ from: string; to: string }]>(sql))
  const purge = db.transaction((range: { from: string; to: string }) => {
    for (const statement of statements) statement.run(range)
  })
  return (memberId) => purge.immediate(prefixRange(tenantPrefix(memberId)))
}

/**
 * Returns a function to call before writes: at most once per {@link sweepEveryMs} it deletes rows whose TTL has
 * passed, so the file does not grow with dead dedupe keys. Correctness never depends on it.
 */
export function createExpirySweep(db: SqliteDatabase, now: () => number): () => void {
  const statements = [
    'DELETE FROM temp_keys WHERE expires_at <= ?',
    'DELETE FROM leases WHERE expires_at <= ?',
    'DELETE FROM counters WHERE expires_at <= ?',
  ].map((sql) => db.prepare<[number]>(sql))
  const sweep = db.transaction((at: number) => {
    for (const statement of statements) statement.run(at)
  })
  let lastSweepAt = -Infinity
  return () => {
    const at = now()
    if (at - lastSweepAt < sweepEveryMs) return
    lastSweepAt = at
    sweep.immediate(at)
  }
}
