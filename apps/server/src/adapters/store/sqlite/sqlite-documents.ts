/** @module Documents with versions and put-if-absent (temp) keys of the SQLite Store. */
import { checkKeyCount, type Store, type Versioned } from '../../../ports/store.ts'
import { decodeValue, encodeValue, type SqliteDatabase } from './sqlite-schema.ts'

type DocumentMethods = Pick<Store, 'get' | 'getMany' | 'put' | 'compareAndSet' | 'delete'>
type TempMethods = Pick<Store, 'putIfAbsent' | 'getTemp' | 'takeTemp'>

/** Versioned documents: every write is one statement, so compare-and-set is atomic across connections. */
export function createSqliteDocuments(db: SqliteDatabase, now: () => number): DocumentMethods {
  type Row = { value: string; version: number }
  const read = db.prepare<[string], Row>('SELECT value, version FROM documents WHERE key = ?')
  // One statement for any number of keys: the key list travels as one JSON array.
  const readMany = db.prepare<[string], Row & { key: string }>(
    'SELECT key, value, version FROM documents WHERE key IN (SELECT value FROM json_each(?))',
  )
  const upsert = db.prepare<[string, string], { version: number }>(
    `INSERT INTO documents (key, value, version) VALUES (?, ?, 1)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = documents.version + 1
     RETURNING version`,
  )
  const create = db.prepare<[string, string]>(
    'INSERT INTO documents (key, value, version) VALUES (?, ?, 1) ON CONFLICT DO NOTHING',
  )
  const update = db.prepare<[string, string, number], { version: number }>(
    'UPDATE documents SET value = ?, version = version + 1 WHERE key = ? AND version = ? RETURNING version',
  )
  const removeDocument = db.prepare<[string]>('DELETE FROM documents WHERE key = ?')
  const removeTemp = db.prepare<[string], { expiresAt: number }>(
    'DELETE FROM temp_keys WHERE key = ? RETURNING expires_at AS expiresAt',
  )
  // An expired temp key is deleted too, but does not count as "something was deleted".
  const removeBoth = db.transaction((key: string) => {
    const isTempLive = (removeTemp.get(key)?.expiresAt ?? -Infinity) > now()
    return removeDocument.run(key).changes > 0 || isTempLive
  })
  return {
    async get<T>(key: string): Promise<Versioned<T> | null> {
      const row = read.get(key)
      return row ? { value: decodeValue<T>(row.value), version: row.version } : null
    },
    async getMany<T>(keys: readonly string[]) {
      checkKeyCount(keys)
      if (keys.length === 0) return []
      const rows = new Map(readMany.all(JSON.stringify(keys)).map((row) => [row.key, row]))
      return keys.map((key) => {
        const row = rows.get(key)
        return row ? { value: decodeValue<T>(row.value), version: row.version } : null
      })
    },
    async put(key, value) {
      return upsert.get(key, encodeValue(value))!.version
    },
    async compareAndSet(key, value, expectedVersion) {
      if (expectedVersion === 0) return create.run(key, encodeValue(value)).changes === 1 ? 1 : null
      return update.get(encodeValue(value), key, expectedVersion)?.version ?? null
    },
    async delete(key) {
      return removeBoth.immediate(key)
    },
  }
}

/** Put-if-absent keys with a TTL; an expired key counts as absent and is overwritten or deleted lazily. */
export function createSqliteTempKeys(db: SqliteDatabase, now: () => number, sweepExpired: () => void): TempMethods {
  const insert = db.prepare<[string, string, number, number]>(
    `INSERT INTO temp_keys (key, value, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
     WHERE temp_keys.expires_at <= ?`,
  )
  const read = db.prepare<[string, number], { value: string }>(
    'SELECT value FROM temp_keys WHERE key = ? AND expires_at > ?',
  )
  const take = db.prepare<[string, number], { value: string }>(
    'DELETE FROM temp_keys WHERE key = ? AND expires_at > ? RETURNING value',
  )

  return {
    async putIfAbsent(key, value, ttlMs) {
      sweepExpired()
      const at = now()
      return insert.run(key, encodeValue(value), at + ttlMs, at).changes === 1
    },
    async getTemp<T>(key: string): Promise<T | null> {
      const row = read.get(key, now())
      return row ? decodeValue<T>(row.value) : null
    },
    async takeTemp<T>(key: string): Promise<T | null> {
      const row = take.get(key, now())
      return row ? decodeValue<T>(row.value) : null
    },
  }
}
