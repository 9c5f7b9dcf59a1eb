/**
 * @module The portal's leavers: users Bitrix24 says are deactivated, with the departments they were in. Stages
 * that start later read them (through `stage-directory.ts`) so a leaver's place goes to their head instead of
 * them; a user brought back is forgotten. Kept in one document per portal, changed by compare-and-set.
 */
import type { Leaver, UserId } from '../../domain/index.ts'
import { tenantKey, type Store } from '../../ports/store.ts'

/** Leaver's id → their departments. */
type LeaverBook = Record<string, number[]>

const leaversKey = (memberId: string) => tenantKey(memberId, 'leavers')

/** The portal's known leavers. */
export async function loadLeavers(store: Store, memberId: string): Promise<Leaver[]> {
  const book = (await store.get<LeaverBook>(leaversKey(memberId)))?.value ?? {}
  return Object.entries(book).map(([userId, departmentIds]) => ({ userId: Number(userId), departmentIds }))
}

/** Applies `change` to the book until the write wins (concurrent changes of other users all land). */
async function changeBook(store: Store, memberId: string, change: (book: LeaverBook) => LeaverBook | null) {
  for (;;) {
    const current = await store.get<LeaverBook>(leaversKey(memberId))
    const next = change({ ...(current?.value ?? {}) })
    if (next === null) return
    if ((await store.compareAndSet(leaversKey(memberId), next, current?.version ?? 0)) !== null) return
  }
}

/** Records a deactivated user (idempotent). */
export async function recordLeaver(store: Store, memberId: string, leaver: Leaver): Promise<void> {
  await changeBook(store, memberId, (book) => {
    if (String(leaver.userId) in book) return null
    book[String(leaver.userId)] = leaver.departmentIds
    return book
  })
}

/** Forgets a user who was brought back (idempotent). */
export async function forgetLeaver(store: Store, memberId: string, userId: UserId): Promise<void> {
  await changeBook(store, memberId, (book) => {
    if (!(String(userId) in book)) return null
    delete book[String(userId)]
    return book
  })
}
