import { describe, expect, it } from 'vitest'
import { createChangeFollower, type StampAnswer } from './live-changes.ts'

function setup(answers: StampAnswer[]) {
  let now = 0
  let hidden = false
  const asked: (string | null)[] = []
  const broadcasts: number[] = []
  let changes = 0
  const follower = createChangeFollower({
    fetchStamp: async (etag) => (asked.push(etag), answers.shift() ?? null),
    isHidden: () => hidden,
    now: () => now,
    broadcast: (stamp) => broadcasts.push(stamp),
    changed: () => (changes += 1),
    pollMs: 3000,
  })
  return {
    follower,
    asked,
    broadcasts,
    changes: () => changes,
    advance: (ms: number) => (now += ms),
    hide: (value: boolean) => (hidden = value),
  }
}

describe('the change follower', () => {
  it('takes the first stamp as the baseline and reports a moved stamp once, asking with its ETag', async () => {
    const t = setup([{ stamp: 4, etag: '"4"' }, null, { stamp: 5, etag: '"5"' }])
    await t.follower.tick()
    expect(t.changes()).toBe(0)
    await t.follower.tick()
    await t.follower.tick()
    expect(t.asked).toEqual([null, '"4"', '"4"'])
    expect(t.changes()).toBe(1)
    expect(t.broadcasts).toEqual([4, 5])
  })

  it('does not ask while the tab is hidden', async () => {
    const t = setup([{ stamp: 1, etag: '"1"' }])
    t.hide(true)
    await t.follower.tick()
    expect(t.asked).toEqual([])
  })

  it('skips its own request when another tab just told it the stamp, and follows that stamp', async () => {
    const t = setup([
      { stamp: 1, etag: '"1"' },
      { stamp: 9, etag: '"9"' },
    ])
    await t.follower.tick()
    t.follower.heard(2)
    expect(t.changes()).toBe(1)
    await t.follower.tick()
    expect(t.asked).toEqual([null])
    t.advance(3000)
    await t.follower.tick()
    expect(t.asked).toEqual([null, '"2"'])
    expect(t.changes()).toBe(2)
  })
})
