import { describe, expect, it } from 'vitest'
import { nextTick, reactive, ref } from 'vue'
import { emptyApprovalForm, type ApprovalForm } from '../../composables/approval-draft.ts'
import { byTestId, selectByTestId, switchText } from '../../test-support/controls.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import TemplateForm from './TemplateForm.vue'

function mountForm(isSendBackAllowed: boolean | null, sendBackDefault: boolean, form = reactive(emptyApprovalForm())) {
  const value = ref<boolean | null>(isSendBackAllowed)
  const wrapper = mountWithApp(TemplateForm, {
    props: {
      modelValue: form,
      'onUpdate:modelValue': () => {},
      isSendBackAllowed: value.value,
      'onUpdate:isSendBackAllowed': (next: boolean | null) => {
        value.value = next
        void wrapper.setProps({ isSendBackAllowed: next })
      },
      users: [],
      isBusy: false,
      issues: [],
      sendBackDefault,
    },
  })
  return { wrapper, value }
}

type Wrapper = ReturnType<typeof mountForm>['wrapper']
const toggle = (wrapper: Wrapper) => byTestId(wrapper, 'template-send-back')
const fieldText = (wrapper: Wrapper) => switchText(wrapper, 'template-send-back')

describe('TemplateForm: send back for revision', () => {
  it('follows the portal default until changed, then keeps its own value', async () => {
    const { wrapper, value } = mountForm(null, false)
    expect(toggle(wrapper).attributes('aria-checked')).toBe('false')
    expect(fieldText(wrapper)).toContain('As in the portal settings')
    await toggle(wrapper).trigger('click')
    expect(value.value).toBe(true)
    await nextTick()
    expect(toggle(wrapper).attributes('aria-checked')).toBe('true')
    expect(fieldText(wrapper)).not.toContain('As in the portal settings')
  })

  it('shows a template that takes no send-back as off whatever the portal default', async () => {
    const { wrapper, value } = mountForm(false, true)
    expect(toggle(wrapper).attributes('aria-checked')).toBe('false')
    await toggle(wrapper).trigger('click')
    expect(value.value).toBe(true)
  })
})

describe('TemplateForm: stages and reminders', () => {
  it('edits the percent rule, the stage deadline and the reminders of the template', async () => {
    const form: ApprovalForm = reactive(emptyApprovalForm())
    const { wrapper } = mountForm(null, true, form)
    const rule = selectByTestId(wrapper, 'rule-kind')
    rule.vm.$emit('update:modelValue', 'percent')
    await wrapper.find('[data-testid="stage-deadline"]').trigger('click')
    await wrapper.find('[data-testid="reminders"]').trigger('click')
    expect(form.stages[0]).toMatchObject({
      rule: { kind: 'percent', percent: 50 },
      deadline: { workingHours: 8, action: 'mark-overdue' },
    })
    expect(form.reminders).toEqual({ everyWorkingHours: 4, maxCount: 3 })
  })

  it('lists the problems in words', async () => {
    const { wrapper } = mountForm(null, true)
    await wrapper.setProps({ issues: [{ path: 'stages.0.deadline.workingHours', message: 'Too big' }] })
    expect(wrapper.find('[data-testid="form-issues"] li').text()).toBe(
      'Stage 1: the deadline is more than 0 and at most 2,000 working hours.',
    )
  })
})
