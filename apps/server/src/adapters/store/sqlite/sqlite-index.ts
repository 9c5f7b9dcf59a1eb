/** @module Ordered indexes of the SQLite Store: members ordered by (score, member) with keyset pagination. */
import { ValidationError } from '../../../ports/errors.ts'
import type { IndexEntry, IndexPage, IndexPageOptions, Store } from '../../../ports/store.ts'
import type { SqliteDatabase } from './sqlite-schema.ts'

type IndexMethods = Pick<Store, 'indexAdd' | 'indexRemove' | 'indexPage' | 'indexSize'>

/** The position after which the next page starts: the last entry of the previous page. */
type Cursor = [score: number, member: string]

const encodeCursor = (entry: IndexEntry) =>
  Buffer.from(JSON.stringify([entry.score, entry.member])).toString('base64url')

/** @throws ValidationError when `cursor` was not made by {@link encodeCursor}. */
function decodeCursor(cursor: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') {
      return [parsed[0], parsed[1]]
    }
  } catch (error) {
    throw new ValidationError('INVALID_CURSOR', 'The page cursor is not valid', { cause: error })
  }
  throw new ValidationError('INVALID_CURSOR', 'The page cursor is not valid')
}

/** @throws ValidationError when the page size is not an integer in 1–1000. */
function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new ValidationError('INVALID_PAGE_SIZE', 'The page size must be an integer from 1 to 1000')
  }
}

/**
 * Builds the page query for one combination of filters. Keyset pagination on (score, member) — rather than an
 * offset — is what keeps every member visited once while other members are added between pages.
 */
function pageSql(options: IndexPageOptions): string {
  const where = ['name = @name']
  if (options.min !== undefined) where.push('score >= @min')
  if (options.max !== undefined) where.push('score <= @max')
  if (options.cursor !== undefined) where.push(`(score, member) ${options.reverse ? '<' : '>'} (@score, @member)`)
  const direction = options.reverse ? 'DESC' : 'ASC'
  return `SELECT member, score FROM index_members WHERE ${where.join(' AND ')}
          ORDER BY score ${direction}, member ${direction} LIMIT @limit`
}

/** Ordered indexes; each call is one statement, so concurrent adds never corrupt a page. */
export function createSqliteIndexes(db: SqliteDatabase): IndexMethods {
  const add = db.prepare<[string, string, number]>(
    `INSERT INTO index_members (name, member, score) VALUES (?, ?, ?)
     ON CONFLICT (name, member) DO UPDATE SET score = excluded.score`,
  )
  const remove = db.prepare<[string, string]>('DELETE FROM index_members WHERE name = ? AND member = ?')
  const size = db.prepare<[string], { size: number }>('SELECT count(*) AS size FROM index_members WHERE name = ?')
  const pageStatements = new Map<string, ReturnType<typeof db.prepare<[object], IndexEntry>>>()
  const pageStatement = (sql: string) => {
    let statement = pageStatements.get(sql)
    if (!statement) pageStatements.set(sql, (statement = db.prepare<[object], IndexEntry>(sql)))
    return statement
  }

  return {
    async indexAdd(index, member, score) {
      add.run(index, member, score)
    },
    async indexRemove(index, member) {
      remove.run(index, member)
    },
    async indexPage(index, options): Promise<IndexPage> {
      checkLimit(options.limit)
      const [score, member] = options.cursor === undefined ? [] : decodeCursor(options.cursor)
      const params = { name: index, min: options.min, max: options.max, score, member, limit: options.limit + 1 }
      const bound = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined))
      const rows = pageStatement(pageSql(options)).all(bound)
      const entries = rows.slice(0, options.limit)
      const last = entries[entries.length - 1]
      return rows.length > options.limit && last ? { entries, cursor: encodeCursor(last) } : { entries }
    },
    async indexSize(index) {
      return size.get(index)!.size
    },
  }
}
