import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { useSwitchableValue } from './switchable-value.ts'

describe('useSwitchableValue', () => {
  it('starts from the first value when off, and keeps the numbers across off and on', () => {
    const model = ref<{ hours: number; action: string } | null>(null)
    const { toggle, change } = useSwitchableValue(model, { hours: 8, action: 'reject' })
    toggle(true)
    expect(model.value).toEqual({ hours: 8, action: 'reject' })
    change({ hours: 24 })
    expect(model.value).toEqual({ hours: 24, action: 'reject' })
    toggle(false)
    expect(model.value).toBeNull()
    toggle(true)
    expect(model.value).toEqual({ hours: 24, action: 'reject' })
  })

  it('remembers a value set from outside, and never hands out the object it remembers', async () => {
    const model = ref<{ every: number } | null>({ every: 4 })
    const { toggle } = useSwitchableValue(model, { every: 1 })
    model.value = { every: 6 }
    await nextTick()
    toggle(false)
    toggle(true)
    expect(model.value).toEqual({ every: 6 })
    const given = model.value
    toggle(true)
    expect(model.value).not.toBe(given)
  })
})
