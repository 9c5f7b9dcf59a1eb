/** @module Leases and counters of the SQLite Store: both expire by the adapter clock and are cleaned lazily. */
import type { Store } from '../../../ports/store.ts'
import type { SqliteDatabase } from './sqlite-schema.ts'

type LeaseMethods = Pick<Store, 'acquireLease' | 'releaseLease'>
type CounterMethods = Pick<Store, 'increment' | 'counter'>

/** Leases: one upsert statement decides, so of concurrent takers exactly one holder wins. */
export function createSqliteLeases(db: SqliteDatabase, now: () => number, sweepExpired: () => void): LeaseMethods {
  const take = db.prepare<[{ name: string; holder: string; expiresAt: number; now: number }]>(
    `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`,
  )
  const release = db.prepare<[string, string, number]>(
    'DELETE FROM leases WHERE name = ? AND holder = ? AND expires_at > ?',
  )

  return {
    async acquireLease(name, holder, ttlMs) {
      sweepExpired()
      const at = now()
      return take.run({ name, holder, expiresAt: at + ttlMs, now: at }).changes === 1
    },
    async releaseLease(name, holder) {
      return release.run(name, holder, now()).changes === 1
    },
  }
}

/**
 * Counters. An expired window counts as absent: the next increment restarts the count and the window. A window
 * is fixed: later increments keep the expiry set when the window started.
 */
export function createSqliteCounters(db: SqliteDatabase, now: () => number, sweepExpired: () => void): CounterMethods {
  const add = db.prepare<[{ key: string; by: number; expiresAt: number | null; now: number }], { value: number }>(
    `INSERT INTO counters (key, value, expires_at) VALUES (@key, @by, @expiresAt)
     ON CONFLICT (key) DO UPDATE SET
       value = CASE WHEN counters.expires_at <= @now THEN excluded.value ELSE counters.value + excluded.value END,
       expires_at = CASE WHEN counters.expires_at <= @now OR counters.expires_at IS NULL
                         THEN excluded.expires_at ELSE counters.expires_at END
     RETURNING value`,
  )
  const read = db.prepare<[string, number], { value: number }>(
    'SELECT value FROM counters WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)',
  )

  return {
    async increment(key, by = 1, ttlMs) {
      sweepExpired()
      const at = now()
      return add.get({ key, by, expiresAt: ttlMs === undefined ? null : at + ttlMs, now: at })!.value
    },
    async counter(key) {
      return read.get(key, now())?.value ?? 0
    },
  }
}
