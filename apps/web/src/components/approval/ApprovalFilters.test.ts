import { describe, expect, it } from 'vitest'
import type { ApprovalListQuery } from '../../composables/approval-list.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import ApprovalFilters from './ApprovalFilters.vue'

function mountFilters(query: ApprovalListQuery) {
  const updates: ApprovalListQuery[] = []
  const wrapper = mountWithApp(ApprovalFilters, {
    props: {
      modelValue: query,
      'onUpdate:modelValue': (value: ApprovalListQuery) => updates.push(value),
      templates: [{ id: 'T1', name: 'Discounts' }],
    },
  })
  return { wrapper, updates }
}

describe('ApprovalFilters', () => {
  it('searches by text and keeps the other filters', async () => {
    const { wrapper, updates } = mountFilters({ role: 'all', status: 'pending', limit: 20 })
    await wrapper.find('input[placeholder="Search by title"]').setValue('Romashka')
    expect(updates.at(-1)).toEqual({ role: 'all', status: 'pending', limit: 20, q: 'Romashka' })
  })

  it('turns the period into instants from the start of the first day to the end of the last', async () => {
    const { wrapper, updates } = mountFilters({ role: 'all' })
    const [from, to] = wrapper.findAll('input[type="date"]')
    await from!.setValue('2026-11-01')
    expect(updates.at(-1)?.from).toBe(new Date('2026-11-01T00:00:00').toISOString())
    await to!.setValue('2026-11-30')
    expect(updates.at(-1)?.to).toBe(new Date('2026-11-30T23:59:59.999').toISOString())
    await from!.setValue('')
    expect(updates.at(-1)?.from).toBeUndefined()
  })
})
