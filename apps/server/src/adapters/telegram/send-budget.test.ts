import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Store } from '../../ports/store.ts'
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts'
import { createLocalSendBudget, createStoreSendBudget, type SendBudget } from './send-budget.ts'

const T0 = Date.parse('2026-11-25T06:00:00.000Z')
const dir = mkdtempSync(join(tmpdir(), 'send-budget-'))
const stores: Store[] = []
let files = 0

/** Two connections to one new SQLite file, as two server instances would hold. */
function twoInstances(): [Store, Store] {
  const file = join(dir, `store-${(files += 1)}.sqlite`)
  const pair: [Store, Store] = [openSqliteStore({ file }), openSqliteStore({ file })]
  stores.push(...pair)
  return pair
}
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()))
  rmSync(dir, { recursive: true, force: true })
})

/** How many of `slots` start in each window of `widthMs` from T0. */
const perWindow = (slots: number[], widthMs: number) => {
  const counts = new Map<number, number>()
  for (const at of slots)
    counts.set(Math.floor((at - T0) / widthMs), (counts.get(Math.floor((at - T0) / widthMs)) ?? 0) + 1)
  return counts
}
const reserveMany = (budget: SendBudget, count: number) =>
  Promise.all(Array.from({ length: count }, () => budget.reserve(T0)))

describe('createStoreSendBudget', () => {
  it('gives one instance 30 slots a second, evenly spaced, from now on', async () => {
    const [store] = twoInstances()
    const budget = createStoreSendBudget({ store, botId: '7001', perSecond: 30, now: () => T0 })
    const slots = await reserveMany(budget, 60)
    expect(slots.slice(0, 4).map((at) => at - T0)).toEqual([0, 34, 67, 100])
    expect(Math.max(...slots)).toBe(T0 + 1_967)
    expect([...perWindow(slots, 1_000).values()]).toEqual([30, 30])
    expect(slots).toEqual([...slots].sort((a, b) => a - b))
  })

  it('puts several slots in one window when asked to', async () => {
    const [store] = twoInstances()
    const budget = createStoreSendBudget({ store, botId: '7001', perSecond: 30, slotsPerWindow: 3, now: () => T0 })
    const slots = await reserveMany(budget, 60)
    expect(Math.max(...slots)).toBe(T0 + 1_900)
    expect([...perWindow(slots, 100).values()].every((n) => n === 3)).toBe(true)
  })

  it('shares the budget between two instances over one store: together they stay at 30 a second', async () => {
    const [first, second] = twoInstances()
    const a = createStoreSendBudget({ store: first, botId: '7001', perSecond: 30, now: () => T0 })
    const b = createStoreSendBudget({ store: second, botId: '7001', perSecond: 30, now: () => T0 })
    const [fromA, fromB] = await Promise.all([reserveMany(a, 45), reserveMany(b, 45)])
    const all = [...fromA, ...fromB]
    expect(new Set(all).size).toBe(90)
    expect([...perWindow(all, 1_000).values()]).toEqual([30, 30, 30])
    expect(Math.max(...all)).toBe(T0 + 2_967)
  })

  it('keeps the budgets of two bots apart', async () => {
    const [store] = twoInstances()
    const one = createStoreSendBudget({ store, botId: '7001', perSecond: 30, now: () => T0 })
    const other = createStoreSendBudget({ store, botId: '7002', perSecond: 30, now: () => T0 })
    await reserveMany(one, 30)
    expect(await other.reserve(T0)).toBe(T0)
  })

  it('starts a send held back for its chat no earlier than asked, without skipping open windows for others', async () => {
    const [store] = twoInstances()
    const budget = createStoreSendBudget({ store, botId: '7001', perSecond: 30, now: () => T0 })
    expect(await budget.reserve(T0 + 1_050)).toBe(T0 + 1_050)
    expect(await reserveMany(budget, 3)).toEqual([T0, T0 + 34, T0 + 67])
  })

  it('holds every instance after a pause (a 429 retry_after) once it rereads the pause', async () => {
    const [first, second] = twoInstances()
    let now = T0
    const a = createStoreSendBudget({ store: first, botId: '7001', perSecond: 30, pauseCheckMs: 250, now: () => now })
    const b = createStoreSendBudget({ store: second, botId: '7001', perSecond: 30, pauseCheckMs: 250, now: () => now })
    expect(await b.reserve(now)).toBe(T0)
    await a.pauseUntil(T0 + 3_000)
    await a.pauseUntil(T0 + 2_000)
    expect(await a.reserve(now)).toBe(T0 + 3_000)
    expect(await b.heldUntil()).toBe(0)
    now = T0 + 250
    expect(await b.heldUntil()).toBe(T0 + 3_000)
    expect(await b.reserve(now)).toBe(T0 + 3_034)
  })
})

describe('createLocalSendBudget', () => {
  it('spaces one process’s slots by 1000 / perSecond and honours a pause', async () => {
    const budget = createLocalSendBudget({ perSecond: 50, now: () => T0 })
    expect(await reserveMany(budget, 3)).toEqual([T0, T0 + 20, T0 + 40])
    await budget.pauseUntil(T0 + 500)
    expect(await budget.reserve(T0)).toBe(T0 + 500)
  })
})
