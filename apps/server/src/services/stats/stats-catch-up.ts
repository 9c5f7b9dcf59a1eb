/**
 * @module Counts, on the cron tick, the statistics of approvals stored before the app kept the current statistics
 * documents (an upgrade): one slice per portal per tick (`rebuildStatisticsSlice`), resumed from a cursor kept in
 * the store, until every approval of the portal was read once; then the portal is marked done and costs one read
 * per tick. Safe beside live counting, the admins' Rebuild button and an overlapping tick: every fact is claimed
 * once (`claimStats`), and a cursor lost to a concurrent write only reads a slice again.
 */
import { tenantKey, type Store } from '../../ports/store.ts'
import { rebuildStatisticsSlice } from './rebuild-stats.ts'

/** Approvals one tick counts per portal: a second or two of store work. */
export const catchUpSliceSize = 200

interface CatchUpRecord {
  cursor: string | null
  isDone: boolean
}

const catchUpKey = (memberId: string) => tenantKey(memberId, 'stats-catch-up')

/** What one catch-up pass did: portals advanced, approvals read, facts counted. */
export interface CatchUpPass {
  portals: number
  read: number
  counted: number
}

/**
 * Advances the catch-up of each portal in `memberIds` not yet done by one slice. A portal that fails (a document
 * kept changing) keeps its cursor for the next tick without holding the others.
 */
export async function catchUpStatistics(
  store: Store,
  memberIds: readonly string[],
  sliceSize = catchUpSliceSize,
): Promise<CatchUpPass> {
  const pass: CatchUpPass = { portals: 0, read: 0, counted: 0 }
  for (const memberId of memberIds) {
    const key = catchUpKey(memberId)
    const record = (await store.get<CatchUpRecord>(key))?.value
    if (record?.isDone) continue
    try {
      const cursor = record?.cursor ?? undefined
      const progress = await rebuildStatisticsSlice(store, memberId, {
        limit: sliceSize,
        ...(cursor ? { cursor } : {}),
      })
      await store.put<CatchUpRecord>(key, { cursor: progress.cursor, isDone: progress.cursor === null })
      pass.portals += 1
      pass.read += progress.read
      pass.counted += progress.counted
    } catch (error) {
      console.warn(`statistics: catch-up of ${memberId} failed, resumed next tick:`, (error as Error).message)
    }
  }
  return pass
}
