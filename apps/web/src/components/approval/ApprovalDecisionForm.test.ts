import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { mountWithApp } from '../../test-support/mount.ts'
import ApprovalDecisionForm from './ApprovalDecisionForm.vue'

const all = ['approve', 'reject', 'send-back']

describe('ApprovalDecisionForm', () => {
  it('is headed "Your answer", in Russian too', () => {
    const heading = (locale: 'en' | 'ru') =>
      mountWithApp(ApprovalDecisionForm, {
        props: { isBusy: false, responses: all, commentPolicy: 'optional' },
        locale,
      }).find('h3')
    expect(heading('en').text()).toBe('Your answer')
    expect(heading('ru').text()).toBe('Ваш ответ')
    expect(heading('en').element.closest('section')!.getAttribute('aria-labelledby')).toBe(
      heading('en').attributes('id'),
    )
  })

  it('heads each form of a page with its own id, as the home page lists one per approval', () => {
    const form = () =>
      h(ApprovalDecisionForm, { isBusy: false, responses: ['approve', 'reject'], commentPolicy: 'optional' })
    const wrapper = mountWithApp(defineComponent(() => () => [form(), form()]))
    const sections = wrapper.findAll('section')
    const ids = sections.map((section) => section.attributes('aria-labelledby'))
    expect(new Set(ids).size).toBe(2)
    for (const section of sections)
      expect(section.find('h3').attributes('id')).toBe(section.attributes('aria-labelledby'))
  })

  it('emits the answer with the trimmed comment', async () => {
    const wrapper = mountWithApp(ApprovalDecisionForm, {
      props: { isBusy: false, responses: all, commentPolicy: 'optional' },
    })
    await wrapper.find('textarea').setValue('  Too expensive  ')
    await wrapper.find('[data-testid="decide-reject"]').trigger('click')
    expect(wrapper.emitted('decide')).toEqual([[{ response: 'reject', comment: 'Too expensive' }]])
  })

  it('sends no comment as null and labels the buttons in Russian', async () => {
    const wrapper = mountWithApp(ApprovalDecisionForm, {
      props: { isBusy: false, responses: all, commentPolicy: 'optional' },
      locale: 'ru',
    })
    expect(wrapper.find('[data-testid="decide-approve"]').text()).toBe('Согласовать')
    expect(wrapper.find('[data-testid="decide-send-back"]').text()).toBe('Вернуть на доработку')
    await wrapper.find('[data-testid="decide-approve"]').trigger('click')
    expect(wrapper.emitted('decide')).toEqual([[{ response: 'approve', comment: null }]])
  })

  it('blocks other answers while one is being sent', () => {
    const wrapper = mountWithApp(ApprovalDecisionForm, {
      props: { isBusy: true, responses: all, commentPolicy: 'optional' },
    })
    expect(wrapper.find('[data-testid="decide-reject"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid="decide-send-back"]').attributes('disabled')).toBeDefined()
  })

  it('offers no Send back where the approval does not take one', async () => {
    const wrapper = mountWithApp(ApprovalDecisionForm, {
      props: { isBusy: false, responses: ['approve', 'reject'], commentPolicy: 'optional' },
    })
    expect(wrapper.find('[data-testid="decide-send-back"]').exists()).toBe(false)
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['Approve', 'Reject'])
    await wrapper.find('[data-testid="decide-approve"]').trigger('click')
    expect(wrapper.emitted('decide')).toEqual([[{ response: 'approve', comment: null }]])
  })

  it('says the comment policy beside the buttons, in both languages', () => {
    const policy = (commentPolicy: string, locale: 'en' | 'ru' = 'en') =>
      mountWithApp(ApprovalDecisionForm, { props: { isBusy: false, responses: all, commentPolicy }, locale })
        .find('[data-testid="decision-policy"]')
        .text()
    expect(policy('required-on-reject')).toBe('A comment is required to reject.')
    expect(policy('required-on-reject', 'ru')).toBe('Чтобы отклонить, нужен комментарий.')
    expect(policy('always')).toBe('A comment is required with every answer.')
  })

  it('asks for the required comment in a dialog instead of sending a refused answer', async () => {
    const wrapper = mountWithApp(ApprovalDecisionForm, {
      props: { isBusy: false, responses: all, commentPolicy: 'required-on-reject' },
    })
    await wrapper.find('[data-testid="decide-reject"]').trigger('click')
    expect(wrapper.emitted('decide')).toBeUndefined()
    await flushPromises()
    const ok = document.querySelector<HTMLButtonElement>('[data-testid="confirm-dialog-ok"]')!
    expect(document.body.textContent).toContain('Why do you reject?')
    expect(ok.disabled).toBe(true)
    const text = document.querySelector<HTMLTextAreaElement>('[data-testid="confirm-dialog-text"]')!
    text.value = '  Over budget '
    text.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(ok.disabled).toBe(false)
    ok.click()
    await flushPromises()
    expect(wrapper.emitted('decide')).toEqual([[{ response: 'reject', comment: 'Over budget' }]])
    // Approving needs no comment under this policy: it goes at once.
    await wrapper.find('[data-testid="decide-approve"]').trigger('click')
    expect(wrapper.emitted('decide')).toHaveLength(2)
    wrapper.unmount()
  })

  it('offers no comment field where the approval takes none', async () => {
    const wrapper = mountWithApp(ApprovalDecisionForm, {
      props: { isBusy: false, responses: all, commentPolicy: 'none' },
    })
    expect(wrapper.find('textarea').exists()).toBe(false)
    await wrapper.find('[data-testid="decide-reject"]').trigger('click')
    expect(wrapper.emitted('decide')).toEqual([[{ response: 'reject', comment: null }]])
  })
})
