/**
 * "Request approval" from a deal's tab: the form opens with the deal as the portal has it (title, amount,
 * currency, card URL, read with crm.deal.get through the frame) and sends all of it with the approval.
 */
import { useToast, type Toast } from '@bitrix24/b24ui-nuxt/composables/useToast'
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { PortalFrame } from '../b24/frame.ts'
import { usePortalStore } from '../stores/portal.ts'
import { mountPage } from '../test-support/mount.ts'
import { appApiFetch, fakePortalFrame } from '../test-support/portal-frame.ts'
import NewApprovalPage from './NewApprovalPage.vue'

const deal21 = { ID: '21', TITLE: 'Поставка оборудования', OPPORTUNITY: '150000.00', CURRENCY_ID: 'RUB' }

function appApi() {
  return appApiFetch(({ method, url }) => {
    if (url.pathname === '/api/app/me') {
      return [200, { user: { id: 3, name: 'Олег', isAdmin: false }, portal: {}, connection: { status: 'active' } }]
    }
    if (url.pathname === '/api/app/users') return [200, { users: [{ id: 2, name: 'Анна', departmentIds: [1] }] }]
    if (url.pathname === '/api/app/templates') return [200, { templates: [] }]
    if (method === 'POST' && url.pathname === '/api/app/approvals') return [201, { approval: { id: 'A1' } }]
    return [404, { error: { code: 'NOT_FOUND', message: url.pathname } }]
  })
}

async function openForm(path: string, frame: Partial<PortalFrame>) {
  const pinia = createPinia()
  const api = appApi()
  const calls: [string, unknown][] = []
  const call = frame.call ?? (async () => null as never)
  const recorded: PortalFrame['call'] = (method, params) => {
    calls.push([method, params])
    return call(method, params)
  }
  const selectUsers = async () => [{ id: 2, name: 'Анна' }]
  const portal = fakePortalFrame({ selectUsers, ...frame, call: recorded })
  await usePortalStore(pinia).connect(portal, { baseUrl: 'http://app.test', fetch: api.fetch })
  const { wrapper } = await mountPage(NewApprovalPage, path, { pinia })
  return { wrapper, api, calls }
}

const button = (wrapper: Awaited<ReturnType<typeof openForm>>['wrapper'], text: string) =>
  wrapper.findAll('button').find((b) => b.text() === text)!

describe('NewApprovalPage from a CRM tab', () => {
  it('prefills the deal from the portal and sends its title, amount, currency and URL', async () => {
    const { wrapper, api, calls } = await openForm('/approvals/new?subjectKind=deal&subjectId=21', {
      call: async <T>() => deal21 as T,
    })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="form-subject"]').text()).toBe('Поставка оборудования'))
    expect(calls).toEqual([['crm.deal.get', { id: 21 }]])
    expect(wrapper.find('[data-testid="form-subject-amount"]').text()).toMatch(/150,000\.00/)

    await wrapper.find('input[data-testid="form-title"], [data-testid="form-title"] input').setValue('Скидка 15%')
    await button(wrapper, 'Pick in Bitrix24').trigger('click')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(api.requests.some((r) => r.method === 'POST')).toBe(true))
    const sent = api.requests.find((r) => r.method === 'POST')!.body as { subject: unknown; stages: unknown[] }
    expect(sent.subject).toEqual({
      kind: 'deal',
      id: 21,
      title: 'Поставка оборудования',
      amount: 150000,
      currency: 'RUB',
      url: 'https://portal.example/crm/deal/details/21/',
    })
    expect(sent.stages).toMatchObject([{ approverIds: [2] }])
  })

  it('keeps the bare record and says why when the portal refuses to show it', async () => {
    const { wrapper } = await openForm('/approvals/new?subjectKind=lead&subjectId=4', {
      call: async () => {
        throw new Error('Access denied')
      },
    })
    const titles = () =>
      wrapper.vm.$.appContext.app.runWithContext(() => useToast().toasts.value.map((toast: Toast) => toast.title))
    await vi.waitFor(() => expect(titles()).toContain('Something went wrong: Access denied'))
    expect(wrapper.find('[data-testid="form-subject"]').text()).toBe('Lead #4')
    expect(wrapper.find('[data-testid="form-subject-amount"]').exists()).toBe(false)
  })

  it('reads a record picked in the CRM picker the same way', async () => {
    const { wrapper, calls } = await openForm('/approvals/new', {
      selectCrmItem: async () => ({ kind: 'deal', id: 21, title: 'Поставка' }),
      call: async <T>() => ({ ...deal21, OPPORTUNITY: '99.5', CURRENCY_ID: 'USD' }) as T,
    })
    expect(wrapper.find('[data-testid="form-subject"]').exists()).toBe(false)
    await button(wrapper, 'Pick in CRM').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="form-subject-amount"]').text()).toBe('$99.50'))
    expect(calls).toEqual([['crm.deal.get', { id: 21 }]])
  })
})
