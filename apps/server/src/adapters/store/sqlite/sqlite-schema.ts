/**
 * @module The SQLite side of the Store: opening a database file in WAL mode, its tables, and the JSON codec
 * shared by the `sqlite-*` modules.
 */
import { closeSync, openSync } from 'node:fs'
import Database from 'better-sqlite3'
import { ValidationError } from '../../../ports/errors.ts'

/** An open better-sqlite3 connection. */
export type SqliteDatabase = Database.Database

// WITHOUT ROWID: every table is looked up by its primary key. TEXT compares with the BINARY collation, i.e. in
// UTF-8 byte order, which is the member order Redis uses for equal scores.
const schema = `
CREATE TABLE IF NOT EXISTS documents (
  key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS temp_keys (
  key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS index_members (
  name TEXT NOT NULL, member TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (name, member)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS index_members_by_score ON index_members (name, score, member);
CREATE TABLE IF NOT EXISTS queue_items (
  queue TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL, due_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL, claim_token TEXT, PRIMARY KEY (queue, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS queue_items_by_due ON queue_items (queue, due_at, id);
CREATE INDEX IF NOT EXISTS queue_items_by_id ON queue_items (id);
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
  key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires_at INTEGER
) WITHOUT ROWID;
`

/** File mode of a new database file: it holds sealed tokens and approvals, so only the owner may read it. */
export const databaseFileMode = 0o600

/**
 * Creates `file` with mode 0600 when it is missing. SQLite gives its `-wal` and `-shm` files the database file's
 * permissions, so they are owner-only too; an existing file keeps the mode it has.
 */
function createPrivateFile(file: string): void {
  if (file === ':memory:' || file === '') return
  closeSync(openSync(file, 'a', databaseFileMode))
}

/**
 * Opens (and creates when missing, mode 0600) the Store database at `file` (`:memory:` for a private in-memory
 * one): WAL journal so readers never wait for the writer, a busy timeout (ms) so concurrent writers in other
 * processes queue up instead of failing, and the tables above.
 */
export function openDatabase(file: string, busyTimeoutMs: number): SqliteDatabase {
  createPrivateFile(file)
  const db = new Database(file)
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.transaction(() => db.exec(schema)).immediate()
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** Serializes a stored value. @throws ValidationError when the value has no JSON form (e.g. `undefined`). */
export function encodeValue(value: unknown): string {
  const json = JSON.stringify(value)
  if (json === undefined) throw new ValidationError('STORE_VALUE_NOT_JSON', 'A stored value must be JSON')
  return json
}

/** Parses a value written by {@link encodeValue}. */
export function decodeValue<T>(json: string): T {
  return JSON.parse(json) as T
}

/**
 * The half-open key range `[from, to)` of every key that starts with `prefix`, for index-friendly prefix
 * deletes (LIKE would treat `_` in a member_id as a wildcard).
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  const last = prefix.charCodeAt(prefix.length - 1)
  return { from: prefix, to: prefix.slice(0, -1) + String.fromCharCode(last + 1) }
}
