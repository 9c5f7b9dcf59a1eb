import { describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import { emptyApprovalForm, type ApprovalForm } from '../../composables/approval-draft.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import ApprovalFormFields from './ApprovalFormFields.vue'

const users = [
  { id: 1, name: 'Анна Смирнова', departmentIds: [1] },
  { id: 6, name: 'Дмитрий Лебедев', departmentIds: [2] },
]
const template = {
  id: 'T1',
  name: 'Discounts',
  description: 'Discount above 10%',
  commentPolicy: 'always' as const,
  stages: [{ approverIds: [6], rule: { kind: 'any' as const }, deadline: null }],
  reminders: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
}

function mountForm(form: ApprovalForm, issues: string[] = []) {
  return mountWithApp(ApprovalFormFields, {
    props: {
      modelValue: form,
      'onUpdate:modelValue': () => {},
      users,
      templates: [template],
      issues,
      isBusy: false,
    },
  })
}

describe('ApprovalFormFields', () => {
  it('edits the title, adds a stage and submits', async () => {
    const form = reactive(emptyApprovalForm())
    const wrapper = mountForm(form)
    await wrapper.find('[data-testid="form-title"] input, input[data-testid="form-title"]').setValue('Discount 15%')
    expect(form.title).toBe('Discount 15%')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add a stage')!
      .trigger('click')
    expect(form.stages).toHaveLength(2)
    await nextTick()
    expect(wrapper.findAll('[data-testid^="stage-"]')).toHaveLength(2)
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('submit')).toHaveLength(1)
  })

  it('asks the portal pickers through events', async () => {
    const wrapper = mountForm(emptyApprovalForm())
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Pick in Bitrix24')!
      .trigger('click')
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Pick in CRM')!
      .trigger('click')
    expect(wrapper.emitted('pickApprovers')).toEqual([[0]])
    expect(wrapper.emitted('pickSubject')).toHaveLength(1)
  })

  it('shows the picked subject and the validation problems as text', () => {
    const subject = {
      kind: 'deal' as const,
      id: 42,
      title: '<b>Romashka</b>',
      amount: 1500,
      currency: 'EUR',
      url: null,
    }
    const form = { ...emptyApprovalForm(), subject }
    const wrapper = mountForm(form, ['title: Too small'])
    expect(wrapper.find('[data-testid="form-subject"]').text()).toBe('<b>Romashka</b>')
    expect(wrapper.find('[data-testid="form-subject"] b').exists()).toBe(false)
    expect(wrapper.find('[data-testid="form-subject-amount"]').text()).toBe('€1,500.00')
    expect(wrapper.find('[data-testid="form-issues"]').text()).toContain('title: Too small')
  })
})
