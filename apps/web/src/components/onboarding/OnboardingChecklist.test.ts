import { flushPromises } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { onboardingSteps } from '../../composables/onboarding.ts'
import { usePortalStore } from '../../stores/portal.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import { appApiFetch, fakePortalFrame } from '../../test-support/portal-frame.ts'
import OnboardingChecklist from './OnboardingChecklist.vue'

const bot = {
  isConfigured: true,
  username: 'approval_bot',
  webhook: { url: 'https://app.example/api/telegram/webhook' },
}
const people = (linked: number[]) =>
  [1, 2, 3].map((id) => ({
    id,
    name: `U${id}`,
    isLinked: linked.includes(id),
    isBlocked: false,
    linkedAt: null,
    profile: null,
  }))
const template = { id: 'T1', name: 'Закупка' }

describe('onboardingSteps', () => {
  it('ticks the bot, the people and a template from what the API says; the robot is never ticked', () => {
    const fresh = onboardingSteps({ ...bot, webhook: { url: '' } } as never, people([1]), [])
    expect(fresh.map((step) => [step.key, step.isDone])).toEqual([
      ['bot', false],
      ['people', false],
      ['template', false],
      ['robot', null],
    ])
    const ready = onboardingSteps(bot as never, people([1, 3]), [template] as never)
    expect(ready.map((step) => step.isDone)).toEqual([true, true, true, null])
  })

  it('points to the automation rules instead of the robot in webhook mode', () => {
    const steps = onboardingSteps(bot as never, people([1, 3]), [template] as never, 'webhook')
    expect(steps.at(-1)).toEqual({ key: 'rules', isDone: null, to: '/automation' })
  })
})

describe('OnboardingChecklist', () => {
  it('adds the sample templates on demand and ticks the template step', async () => {
    let templates: unknown[] = []
    const api = appApiFetch(({ method, url }) => {
      if (url.pathname === '/api/app/me') return [200, { user: { id: 1, isAdmin: true }, portal: {}, connection: {} }]
      if (url.pathname === '/api/app/telegram/bot') return [200, { bot }]
      if (url.pathname === '/api/app/telegram/users') return [200, { users: people([1]) }]
      if (method === 'POST' && url.pathname === '/api/app/templates/samples') {
        templates = [template]
        return [201, { templates }]
      }
      if (url.pathname === '/api/app/templates') return [200, { templates }]
      return [404, { error: { code: 'NOT_FOUND', message: url.pathname } }]
    })
    const pinia = createPinia()
    await usePortalStore(pinia).connect(fakePortalFrame({ isAdmin: true }), {
      baseUrl: 'http://app.test',
      fetch: api.fetch,
    })
    const wrapper = mountWithApp(OnboardingChecklist, { pinia })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="onboarding-bot"]').attributes('data-done')).toBe('true'))
    expect(wrapper.find('[data-testid="onboarding-people"]').attributes('data-done')).toBe('false')
    expect(wrapper.find('[data-testid="onboarding-robot"]').text()).toContain('docs/automation.md')
    await wrapper.find('[data-testid="onboarding-add-samples"]').trigger('click')
    await flushPromises()
    expect(api.requests.some((r) => r.method === 'POST' && r.url.pathname.endsWith('/samples'))).toBe(true)
    expect(wrapper.find('[data-testid="onboarding-template"]').attributes('data-done')).toBe('true')
    expect(wrapper.find('[data-testid="onboarding-add-samples"]').exists()).toBe(false)
  })
})
