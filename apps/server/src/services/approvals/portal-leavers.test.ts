import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { forgetLeaver, loadLeavers, recordLeaver } from './portal-leavers.ts'

const store = openSqliteStore({ file: ':memory:', now: () => Date.parse('2026-11-25T06:00:00.000Z') })
afterAll(() => store.close())

describe('the portal’s leavers', () => {
  it('keeps every leaver recorded at once, each once, apart per portal', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => i + 10)
    await Promise.all([...ids, ...ids].map((userId) => recordLeaver(store, 'm1', { userId, departmentIds: [2] })))
    const leavers = await loadLeavers(store, 'm1')
    expect(leavers.map((l) => l.userId).sort((a, b) => a - b)).toEqual(ids)
    expect(leavers[0]).toEqual({ userId: 10, departmentIds: [2] })
    expect(await loadLeavers(store, 'm2')).toEqual([])
  })

  it('forgets a user brought back, alongside others recorded at the same time', async () => {
    await Promise.all([
      forgetLeaver(store, 'm1', 10),
      forgetLeaver(store, 'm1', 11),
      recordLeaver(store, 'm1', { userId: 40, departmentIds: [] }),
      forgetLeaver(store, 'm1', 99),
    ])
    const ids = (await loadLeavers(store, 'm1')).map((l) => l.userId)
    expect(ids).not.toContain(10)
    expect(ids).not.toContain(11)
    expect(ids).toContain(40)
    expect(ids).toHaveLength(19)
  })
})
