/** @module The due-time queue of the SQLite Store: exclusive claims with a lease, ack and retry-at. */
import { randomUUID } from 'node:crypto'
import type { QueueItem, Store } from '../../../ports/store.ts'
import { decodeValue, encodeValue, type SqliteDatabase } from './sqlite-schema.ts'

type QueueMethods = Pick<Store, 'enqueue' | 'claim' | 'ack' | 'retryAt' | 'extendClaim' | 'queueSize'>

interface DueRow {
  id: string
  payload: string
  dueAt: number
  attempts: number
}

/**
 * The queue. A claimed item keeps its row: its `due_at` moves to the end of the lease and it gets a fresh
 * `claim_token`, so it is invisible to claimers until the lease ends and any older token stops matching.
 * `claim` runs in a `BEGIN IMMEDIATE` transaction: the select and the updates happen under the write lock, so
 * two connections (or processes) never claim one item.
 */
export function createSqliteQueue(db: SqliteDatabase): QueueMethods {
  const { upsert, due, take, remove, release, extend, size } = prepareQueueStatements(db)
  const claimDue = db.transaction((queue: string, now: number, leaseMs: number, limit: number) =>
    due.all(queue, now, limit).map((row): QueueItem<unknown> => {
      const claimToken = randomUUID()
      take.run(now + leaseMs, claimToken, queue, row.id)
      return { id: row.id, payload: decodeValue(row.payload), dueAt: row.dueAt, attempts: row.attempts + 1, claimToken }
    }),
  )

  return {
    async enqueue(queue, item) {
      upsert.run(queue, item.id, encodeValue(item.payload), item.dueAt)
    },
    async claim<T>(queue: string, options: { now: number; leaseMs: number; limit: number }) {
      // LIMIT with a negative number means "no limit" in SQLite: a limit below 1 claims nothing.
      if (options.limit < 1) return []
      return claimDue.immediate(queue, options.now, options.leaseMs, options.limit) as QueueItem<T>[]
    },
    async ack(queue, id, claimToken) {
      return remove.run(queue, id, claimToken).changes === 1
    },
    async retryAt(queue, id, claimToken, dueAt) {
      return release.run(dueAt, queue, id, claimToken).changes === 1
    },
    async extendClaim(queue, id, claimToken, leaseUntil) {
      return extend.run(leaseUntil, queue, id, claimToken).changes === 1
    },
    async queueSize(queue) {
      return size.get(queue)!.size
    },
  }
}

/** The queue's statements, prepared once per connection. */
function prepareQueueStatements(db: SqliteDatabase) {
  const upsert = db.prepare<[string, string, string, number]>(
    `INSERT INTO queue_items (queue, id, payload, due_at, attempts, claim_token) VALUES (?, ?, ?, ?, 0, NULL)
     ON CONFLICT (queue, id) DO UPDATE SET
       payload = excluded.payload, due_at = excluded.due_at, attempts = 0, claim_token = NULL`,
  )
  const due = db.prepare<[string, number, number], DueRow>(
    `SELECT id, payload, due_at AS dueAt, attempts FROM queue_items
     WHERE queue = ? AND due_at <= ? ORDER BY due_at, id LIMIT ?`,
  )
  const take = db.prepare<[number, string, string, string]>(
    'UPDATE queue_items SET due_at = ?, attempts = attempts + 1, claim_token = ? WHERE queue = ? AND id = ?',
  )
  const remove = db.prepare<[string, string, string]>(
    'DELETE FROM queue_items WHERE queue = ? AND id = ? AND claim_token = ?',
  )
  const release = db.prepare<[number, string, string, string]>(
    'UPDATE queue_items SET due_at = ?, claim_token = NULL WHERE queue = ? AND id = ? AND claim_token = ?',
  )
  const extend = db.prepare<[number, string, string, string]>(
    'UPDATE queue_items SET due_at = ? WHERE queue = ? AND id = ? AND claim_token = ?',
  )
  const size = db.prepare<[string], { size: number }>('SELECT count(*) AS size FROM queue_items WHERE queue = ?')
  return { upsert, due, take, remove, release, extend, size }
}
