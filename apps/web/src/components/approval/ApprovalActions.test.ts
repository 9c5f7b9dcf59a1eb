import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { selectByTestId } from '../../test-support/controls.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import ApprovalActions from './ApprovalActions.vue'
import ApprovalAudit from './ApprovalAudit.vue'

const users = [
  { id: 10, name: 'Анна Смирнова', departmentIds: [1] },
  { id: 12, name: 'Борис Орлов', departmentIds: [1] },
]
const dialogButton = () => document.querySelector<HTMLButtonElement>('[data-testid="confirm-dialog-ok"]')

function mountActions(allowed: string[]) {
  return mountWithApp(ApprovalActions, { props: { allowed, pendingIds: [10], users, isBusy: false } })
}

describe('ApprovalActions', () => {
  it('asks before cancelling and says what will happen; nothing is sent until confirmed', async () => {
    const wrapper = mountActions(['cancel'])
    await wrapper.find('textarea').setValue('Deal lost')
    await wrapper.find('[data-testid="action-cancel"]').trigger('click')
    await flushPromises()
    expect(wrapper.emitted('run')).toBeUndefined()
    expect(document.body.textContent).toContain('Cancel this approval?')
    expect(document.body.textContent).toContain('This cannot be undone.')
    dialogButton()!.click()
    await flushPromises()
    expect(wrapper.emitted('run')).toEqual([[{ action: 'cancel', reason: 'Deal lost' }]])
    wrapper.unmount()
  })

  it('names both people before a reassignment', async () => {
    const wrapper = mountWithApp(ApprovalActions, {
      props: { allowed: ['reassign'], pendingIds: [10], users, isBusy: false },
      locale: 'ru',
    })
    selectByTestId(wrapper, 'reassign-to').vm.$emit('update:modelValue', 12)
    await wrapper.find('textarea').setValue('В отпуске')
    await wrapper.find('[data-testid="action-reassign"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('Передать место Анна Смирнова сотруднику Борис Орлов?')
    dialogButton()!.click()
    await flushPromises()
    expect(wrapper.emitted('run')).toEqual([
      [{ action: 'reassign', fromUserId: 10, toUserId: 12, reason: 'В отпуске' }],
    ])
    wrapper.unmount()
  })
})

describe('ApprovalAudit', () => {
  it('names both people of a reassignment', () => {
    const entry = {
      seq: 2,
      at: '2026-11-25T07:00:00.000Z',
      action: 'reassign' as const,
      actorId: 3,
      actingFor: null,
      channel: 'web' as const,
      comment: 'В отпуске',
      round: 1,
      stageIndex: 0,
      handovers: [{ fromUserId: 10, toUserId: 12 }],
      timeoutAction: null,
      outcome: null,
    }
    const nameOf = (id: number) => users.find((u) => u.id === id)?.name ?? String(id)
    const wrapper = mountWithApp(ApprovalAudit, { props: { audit: [entry], nameOf } })
    expect(wrapper.find('[data-testid="audit-handover"]').text()).toBe('Анна Смирнова → Борис Орлов')
  })
})
