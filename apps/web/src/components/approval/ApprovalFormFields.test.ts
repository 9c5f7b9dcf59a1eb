import { describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import { emptyApprovalForm, type ApprovalForm } from '../../composables/approval-draft.ts'
import type { FormIssue } from '../../composables/form-issues.ts'
import { buttonByText, byTestId, selectByTestId, typeNumber } from '../../test-support/controls.ts'
import { portalDefaults } from '../../test-support/fixtures.ts'
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

function mountForm(form: ApprovalForm, issues: FormIssue[] = [], locale: 'en' | 'ru' = 'en') {
  return mountWithApp(ApprovalFormFields, {
    props: {
      modelValue: form,
      'onUpdate:modelValue': () => {},
      users,
      templates: [template],
      issues,
      isBusy: false,
      defaults: portalDefaults,
    },
    locale,
  })
}

describe('ApprovalFormFields', () => {
  it('edits the title, adds a stage from the portal defaults and submits', async () => {
    const form = reactive(emptyApprovalForm())
    const wrapper = mountForm(form)
    await wrapper.find('[data-testid="form-title"] input, input[data-testid="form-title"]').setValue('Discount 15%')
    expect(form.title).toBe('Discount 15%')
    await buttonByText(wrapper, 'Add a stage').trigger('click')
    expect(form.stages).toHaveLength(2)
    expect(form.stages[1]).toEqual({
      approverIds: [],
      roles: [],
      condition: null,
      rule: { kind: 'percent', percent: 60 },
      deadline: { workingHours: 16, action: 'escalate' },
    })
    await nextTick()
    expect(byTestId(wrapper, 'stage-1').exists()).toBe(true)
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('submit')).toHaveLength(1)
  })

  it('asks the portal pickers through events', async () => {
    const wrapper = mountForm(emptyApprovalForm())
    await buttonByText(wrapper, 'Pick in Bitrix24').trigger('click')
    await buttonByText(wrapper, 'Pick in CRM').trigger('click')
    expect(wrapper.emitted('pickApprovers')).toEqual([[0]])
    expect(wrapper.emitted('pickSubject')).toHaveLength(1)
  })

  it('shows the picked subject as text', () => {
    const subject = {
      kind: 'deal' as const,
      id: 42,
      title: '<b>Romashka</b>',
      amount: 1500,
      currency: 'EUR',
      url: null,
    }
    const wrapper = mountForm({ ...emptyApprovalForm(), subject })
    expect(byTestId(wrapper, 'form-subject').text()).toBe('<b>Romashka</b>')
    expect(wrapper.find('[data-testid="form-subject"] b').exists()).toBe(false)
    expect(byTestId(wrapper, 'form-subject-amount').text()).toBe('€1,500.00')
  })
})

describe('ApprovalFormFields: stage rules and deadlines', () => {
  it('offers the percent rule next to all, any and quorum, and edits the percent', async () => {
    const form = reactive(emptyApprovalForm())
    const wrapper = mountForm(form)
    const rule = selectByTestId(wrapper, 'rule-kind')
    expect((rule.props('items') as { value: string }[]).map((item) => item.value)).toEqual([
      'all',
      'any',
      'quorum',
      'percent',
    ])
    rule.vm.$emit('update:modelValue', 'percent')
    await nextTick()
    expect(form.stages[0]!.rule).toEqual({ kind: 'percent', percent: 50 })
    expect(wrapper.text()).toContain('rounded up: 50% of 5 is 3')
    await typeNumber(wrapper, 'rule-percent', '75')
    expect(form.stages[0]!.rule).toEqual({ kind: 'percent', percent: 75 })
    selectByTestId(wrapper, 'rule-kind').vm.$emit('update:modelValue', 'quorum')
    await nextTick()
    expect(form.stages[0]!.rule).toEqual({ kind: 'quorum', count: 1 })
    selectByTestId(wrapper, 'rule-kind').vm.$emit('update:modelValue', 'percent')
    expect(form.stages[0]!.rule).toEqual({ kind: 'percent', percent: 75 })
  })

  it('gives a stage a deadline in working hours with its timeout action, or none', async () => {
    const form = reactive(emptyApprovalForm())
    const wrapper = mountForm(form)
    expect(byTestId(wrapper, 'stage-deadline-hours').exists()).toBe(false)
    await byTestId(wrapper, 'stage-deadline').trigger('click')
    expect(form.stages[0]!.deadline).toEqual({ workingHours: 8, action: 'mark-overdue' })
    await typeNumber(wrapper, 'stage-deadline-hours', '24')
    const action = selectByTestId(wrapper, 'stage-deadline-action')
    expect((action.props('items') as { label: string }[]).map((item) => item.label)).toEqual([
      'Only mark overdue',
      'Reject',
      'Approve',
      'Hand to the department head',
    ])
    action.vm.$emit('update:modelValue', 'escalate')
    expect(form.stages[0]!.deadline).toEqual({ workingHours: 24, action: 'escalate' })
    await byTestId(wrapper, 'stage-deadline').trigger('click')
    expect(form.stages[0]!.deadline).toBeNull()
    await byTestId(wrapper, 'stage-deadline').trigger('click')
    expect(form.stages[0]!.deadline).toEqual({ workingHours: 24, action: 'escalate' })
  })

  it('switches sending back off', async () => {
    const form = reactive(emptyApprovalForm())
    const wrapper = mountForm(form)
    expect(byTestId(wrapper, 'form-send-back').attributes('aria-checked')).toBe('true')
    await byTestId(wrapper, 'form-send-back').trigger('click')
    expect(form.isSendBackAllowed).toBe(false)
  })
})

describe('ApprovalFormFields: deadlines and reminders section', () => {
  it('is folded and still says what is set; unfolded, it edits the reminders', async () => {
    const form = reactive({ ...emptyApprovalForm(), reminders: { everyWorkingHours: 4, maxCount: 2 } })
    const wrapper = mountForm(form)
    expect(byTestId(wrapper, 'form-timing-summary').text()).toBe(
      'No approval deadline · reminders every 4 h, up to 2 times',
    )
    expect(byTestId(wrapper, 'reminders').exists()).toBe(false)
    await byTestId(wrapper, 'form-timing-toggle').trigger('click')
    await typeNumber(wrapper, 'reminders-max', '5')
    expect(form.reminders).toEqual({ everyWorkingHours: 4, maxCount: 5 })
    await byTestId(wrapper, 'reminders').trigger('click')
    expect(form.reminders).toBeNull()
    expect(byTestId(wrapper, 'form-timing-summary').text()).toBe('No approval deadline · no reminders')
  })

  it('asks for the timeout action only once a deadline is set', async () => {
    const form = reactive(emptyApprovalForm())
    const wrapper = mountForm(form)
    await byTestId(wrapper, 'form-timing-toggle').trigger('click')
    expect(byTestId(wrapper, 'form-timeout-action').exists()).toBe(false)
    await wrapper.find('input[data-testid="form-due-at"]').setValue('2026-12-01T18:00')
    expect(form.dueAt).toBe('2026-12-01T18:00')
    expect(byTestId(wrapper, 'form-timeout-action').exists()).toBe(true)
    expect(byTestId(wrapper, 'form-timing-summary').text()).toMatch(/^Due Dec 1, 2026/)
  })

  it('is titled in Russian', () => {
    const wrapper = mountForm(emptyApprovalForm(), [], 'ru')
    expect(byTestId(wrapper, 'form-timing-toggle').text()).toContain('Сроки и напоминания')
  })
})

describe('ApprovalFormFields: validation messages', () => {
  it('says which field of which stage to fix, in words', () => {
    const issues = [
      { path: 'title', message: 'Too small: expected string to have >=1 characters' },
      { path: 'stages.1.rule.percent', message: 'Too big' },
      { path: 'subject.url', message: 'Invalid URL' },
    ]
    const wrapper = mountForm(emptyApprovalForm(), issues)
    const lines = wrapper.findAll('[data-testid="form-issues"] li').map((li) => li.text())
    expect(lines).toEqual([
      'Fill in the title (up to 255 characters).',
      'Stage 2: the percent is a whole number from 1 to 100.',
      'subject.url: Invalid URL',
    ])
  })

  it('speaks Russian and unfolds the section when a problem is inside it', async () => {
    const wrapper = mountForm(emptyApprovalForm(), [], 'ru')
    expect(byTestId(wrapper, 'reminders').exists()).toBe(false)
    await wrapper.setProps({ issues: [{ path: 'reminders.maxCount', message: 'Too big' }] })
    expect(wrapper.find('[data-testid="form-issues"] li').text()).toBe('Напоминать можно от 1 до 20 раз.')
    await vi.waitFor(() => expect(byTestId(wrapper, 'reminders').exists()).toBe(true))
  })

  it('marks each field that has a problem with its own message', async () => {
    const form = reactive(emptyApprovalForm())
    form.stages[0]!.deadline = { workingHours: 99_999, action: 'reject' }
    const issues = [
      { path: 'title', message: 'Too small' },
      { path: 'stages.0.approverIds', message: 'Too small' },
      { path: 'stages.0.deadline.workingHours', message: 'Too big' },
    ]
    const wrapper = mountForm(form, issues)
    await nextTick()
    const title = wrapper.find('input[data-testid="form-title"]')
    expect(title.attributes('aria-invalid')).toBe('true')
    expect(wrapper.text()).toContain('Fill in the title (up to 255 characters).')
    const stage = wrapper.find('[data-testid="stage-0"]')
    expect(stage.text()).toContain('Stage 1: choose 1 to 50 approvers, each once.')
    expect(stage.text()).toContain('Stage 1: the deadline is more than 0 and at most 2,000 working hours.')
    // The limit is said beside the field, and the number stays as typed rather than cut to it.
    expect(stage.text()).toContain('At most 2000 working hours.')
    const hours = wrapper.find('input[data-testid="stage-deadline-hours"], [data-testid="stage-deadline-hours"] input')
    expect((hours.element as HTMLInputElement).value.replace(/\D/g, '')).toBe('99999')
  })
})
