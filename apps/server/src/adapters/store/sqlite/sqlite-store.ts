/**
 * @module SqliteStore: the Store port on an embedded SQLite file (better-sqlite3 12, WAL). The default store in
 * local mode and for small self-hosted installs.
 */
import Database from 'better-sqlite3'
import { UpstreamError } from '../../../ports/errors.ts'
import type { Store } from '../../../ports/store.ts'
import { createSqliteDocuments, createSqliteTempKeys } from './sqlite-documents.ts'
import { createExpirySweep, createPortalPurge } from './sqlite-housekeeping.ts'
import { createSqliteIndexes } from './sqlite-index.ts'
import { createSqliteCounters, createSqliteLeases } from './sqlite-leases.ts'
import { createSqliteQueue } from './sqlite-queue.ts'
import { openDatabase } from './sqlite-schema.ts'

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Path of the database file (created when missing), or `:memory:` for a private in-memory store. */
  file: string
  /** The clock TTLs are measured with (ms since the epoch); `Date.now` by default. */
  now?: () => number
  /** How long a write waits for another connection's lock before failing (ms); 5000 by default. */
  busyTimeoutMs?: number
}

/**
 * Opens the SQLite Store. Every operation is one statement or one `BEGIN IMMEDIATE` transaction, so the port's
 * guarantees (atomic compare-and-set, single put-if-absent winner, exclusive claims, single lease holder) hold
 * across connections and across processes that open the same file; a writer waits up to `busyTimeoutMs` for another's lock.
 * Expired temp keys, leases and counters read as absent and are deleted lazily.
 * @throws UpstreamError (from every method) when SQLite fails, e.g. the file stays locked longer than `busyTimeoutMs`.
 * @example const store = openSqliteStore({ file: join(dataDir, 'store.sqlite') })
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? Date.now
  const db = openDatabase(options.file, options.busyTimeoutMs ?? 5000)
  const sweepExpired = createExpirySweep(db, now)
  const purge = createPortalPurge(db)
  const ping = db.prepare<[], { isAlive: number }>('SELECT 1 AS isAlive')
  const store: Store = {
    kind: 'sqlite',
    ...createSqliteDocuments(db, now),
    ...createSqliteTempKeys(db, now, sweepExpired),
    ...createSqliteIndexes(db),
    ...createSqliteQueue(db),
    ...createSqliteLeases(db, now, sweepExpired),
    ...createSqliteCounters(db, now, sweepExpired),
    async purgePortal(memberId) {
      purge(memberId)
    },
    async ping() {
      return ping.get()?.isAlive === 1
    },
    async close() {
      if (db.open) db.close()
    },
  }
  return withSqliteErrorsMapped(store)
}

/** Wraps every method so a SQLite failure leaves the adapter as an {@link UpstreamError}, the raw one as cause. */
function withSqliteErrorsMapped(store: Store): Store {
  const mapped: Record<string, unknown> = { kind: store.kind }
  for (const [name, method] of Object.entries(store)) {
    if (typeof method !== 'function') continue
    mapped[name] = async (...args: unknown[]) => {
      try {
        return await (method as (...args: unknown[]) => Promise<unknown>)(...args)
      } catch (error) {
        if (!(error instanceof Database.SqliteError)) throw error
        throw new UpstreamError('STORE_UNAVAILABLE', `The SQLite store failed (${error.code})`, { cause: error })
      }
    }
  }
  return mapped as unknown as Store
}
