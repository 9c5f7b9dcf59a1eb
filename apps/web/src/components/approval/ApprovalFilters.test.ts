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

describe('ApprovalFilters roles, subject and sort', () => {
  const selectItems = (wrapper: ReturnType<typeof mountFilters>['wrapper'], label: string) => {
    const selects = wrapper.findAllComponents({ name: 'Select' })
    const select = selects.find((s) => s.find('[aria-label]').attributes('aria-label') === label)
    return (select!.props('items') as Array<{ value: string }>).map((item) => item.value)
  }

  it('offers all approvals only to those who may list them, and the three sorts to everyone', async () => {
    const { wrapper } = mountFilters({ role: 'approver' })
    expect(selectItems(wrapper, 'Role')).toEqual(['approver', 'initiator'])
    expect(selectItems(wrapper, 'Sort')).toEqual(['newest', 'oldest', 'deadline'])
    await wrapper.setProps({ canListAll: true })
    expect(selectItems(wrapper, 'Role')).toEqual(['approver', 'initiator', 'all'])
  })

  it('offers only the subject kinds an approval can be about: a deal or a lead', () => {
    expect(selectItems(mountFilters({ role: 'all' }).wrapper, 'Subject')).toEqual(['any', 'deal', 'lead'])
  })

  it('filters by a subject id once a kind is chosen, ignoring anything but a positive whole number', async () => {
    const { wrapper, updates } = mountFilters({ role: 'all', subjectKind: 'deal' })
    const id = wrapper.find('[data-testid="subject-id"] input, input[data-testid="subject-id"]')
    await id.setValue('42')
    expect(updates.at(-1)).toEqual({ role: 'all', subjectKind: 'deal', subjectId: 42 })
    await id.setValue('-3')
    expect(updates.at(-1)?.subjectId).toBeUndefined()
    expect(mountFilters({ role: 'all' }).wrapper.find('[data-testid="subject-id"]').exists()).toBe(false)
  })

  it('asks for the portal’s CRM picker only where there is one', async () => {
    const picks: number[] = []
    const { wrapper } = mountFilters({ role: 'all' })
    expect(wrapper.find('[data-testid="subject-pick"]').exists()).toBe(false)
    await wrapper.setProps({ canPickSubject: true, onPickSubject: () => picks.push(1) })
    await wrapper.find('[data-testid="subject-pick"]').trigger('click')
    expect(picks).toEqual([1])
  })
})
