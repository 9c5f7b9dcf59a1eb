/**
 * "Request approval" from a deal's tab: the form opens with the deal as the portal has it (title, amount,
 * currency, card URL, read with crm.deal.get through the frame) and sends all of it with the approval. The form
 * starts from the portal's defaults (`GET /api/app/settings`), and a template prefills over them.
 */
import { useToast, type Toast } from '@bitrix24/b24ui-nuxt/composables/useToast'
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { PortalFrame } from '../b24/frame.ts'
import { usePortalStore } from '../stores/portal.ts'
import { buttonByText, selectByTestId } from '../test-support/controls.ts'
import { portalDefaults, settingsDto } from '../test-support/fixtures.ts'
import { mountPage } from '../test-support/mount.ts'
import { appApiFetch, fakePortalFrame } from '../test-support/portal-frame.ts'
import NewApprovalPage from './NewApprovalPage.vue'

const deal21 = { ID: '21', TITLE: 'Поставка оборудования', OPPORTUNITY: '150000.00', CURRENCY_ID: 'RUB' }

const purchases = {
  id: 'T1',
  name: 'Закупка',
  description: '',
  commentPolicy: 'optional',
  isSendBackAllowed: true,
  stages: [{ approverIds: [2], rule: { kind: 'quorum', count: 1 }, deadline: null }],
  reminders: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
}

type Answer = [number, unknown]

/** The app API; `settings`, `templates` and `created` (the answer to starting) replace the usual answers. */
function appApi({
  settings = [200, { settings: settingsDto(portalDefaults) }] as Answer,
  templates = [] as unknown[],
  created = [201, { approval: { id: 'A1' } }] as Answer,
  unlinkedIds = [] as number[],
} = {}) {
  return appApiFetch(({ method, url }) => {
    if (url.pathname === '/api/app/me') {
      return [200, { user: { id: 3, name: 'Олег', isAdmin: false }, portal: {}, connection: { status: 'active' } }]
    }
    if (url.pathname === '/api/app/users') return [200, { users: [{ id: 2, name: 'Анна', departmentIds: [1] }] }]
    if (url.pathname === '/api/app/templates') return [200, { templates }]
    if (url.pathname === '/api/app/settings') return settings
    if (method === 'POST' && url.pathname === '/api/app/approvals') return created
    if (url.pathname === '/api/app/telegram/link-status') {
      const ids = url.searchParams.get('userIds')!.split(',').map(Number)
      return [200, { isConfigured: true, users: ids.map((id) => ({ id, isLinked: !unlinkedIds.includes(id) })) }]
    }
    if (url.pathname === '/api/app/telegram/invitations') return [200, { invited: unlinkedIds }]
    return [404, { error: { code: 'NOT_FOUND', message: url.pathname } }]
  })
}

async function openForm(path: string, frame: Partial<PortalFrame>, api = appApi()) {
  const pinia = createPinia()
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
  await vi.waitFor(() => expect(wrapper.find('[data-testid="approval-form"]').exists()).toBe(true))
  return { wrapper, api, calls }
}

async function sendForm(wrapper: Awaited<ReturnType<typeof openForm>>['wrapper'], api: ReturnType<typeof appApi>) {
  await wrapper.find('input[data-testid="form-title"], [data-testid="form-title"] input').setValue('Скидка 15%')
  await wrapper.find('form').trigger('submit')
  await vi.waitFor(() => expect(api.requests.some((r) => r.method === 'POST')).toBe(true))
  return api.requests.find((r) => r.method === 'POST')!.body as Record<string, unknown>
}

describe('NewApprovalPage from a CRM tab', () => {
  it('prefills the deal from the portal and sends only its kind and id', async () => {
    const { wrapper, api, calls } = await openForm('/approvals/new?subjectKind=deal&subjectId=21', {
      call: async <T>() => deal21 as T,
    })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="form-subject"]').text()).toBe('Поставка оборудования'))
    expect(calls).toEqual([['crm.deal.get', { id: 21 }]])
    expect(wrapper.find('[data-testid="form-subject-amount"]').text()).toMatch(/150,000\.00/)

    await wrapper.find('input[data-testid="form-title"], [data-testid="form-title"] input').setValue('Скидка 15%')
    await buttonByText(wrapper, 'Pick in Bitrix24').trigger('click')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(api.requests.some((r) => r.method === 'POST')).toBe(true))
    const sent = api.requests.find((r) => r.method === 'POST')!.body as { subject: unknown; stages: unknown[] }
    // Only the reference: the server reads title, amount, currency and link from Bitrix24 itself.
    expect(sent.subject).toEqual({ kind: 'deal', id: 21 })
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
    await buttonByText(wrapper, 'Pick in CRM').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="form-subject-amount"]').text()).toBe('$99.50'))
    expect(calls).toEqual([['crm.deal.get', { id: 21 }]])
  })

  it("takes the amount the app's own picker read outside the frame, without calling the portal", async () => {
    const facts = { amount: 1_500_000, currency: 'RUB' }
    const { wrapper, calls } = await openForm('/approvals/new', {
      selectCrmItem: async () => ({ kind: 'deal', id: 12, title: 'Поставка серверов', facts }),
    })
    await buttonByText(wrapper, 'Pick in CRM').trigger('click')
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="form-subject-amount"]').text()).toMatch(/^RUB\s1,500,000\.00$/),
    )
    expect(wrapper.find('[data-testid="form-subject"]').text()).toContain('Поставка серверов')
    expect(calls).toEqual([])
  })
})

describe("NewApprovalPage: the portal's defaults", () => {
  it('starts the form from them and sends them', async () => {
    const { wrapper, api } = await openForm('/approvals/new', {})
    expect(wrapper.find('[data-testid="form-timing-summary"]').text()).toBe(
      'No approval deadline · reminders every 4 h, up to 2 times',
    )
    expect(wrapper.find('[data-testid="form-send-back"]').attributes('aria-checked')).toBe('false')
    await buttonByText(wrapper, 'Pick in Bitrix24').trigger('click')
    const sent = await sendForm(wrapper, api)
    expect(sent).toMatchObject({
      stages: [
        {
          approverIds: [2],
          rule: { kind: 'percent', percent: 60 },
          deadline: { workingHours: 16, action: 'escalate' },
        },
      ],
      reminders: { everyWorkingHours: 4, maxCount: 2 },
      commentPolicy: 'always',
      isSendBackAllowed: false,
    })
  })

  it('lets a chosen template prefill over them', async () => {
    const { wrapper, api } = await openForm('/approvals/new', {}, appApi({ templates: [purchases] }))
    await vi.waitFor(() => expect(wrapper.find('[data-testid="form-template"]').exists()).toBe(true))
    const templateSelect = selectByTestId(wrapper, 'form-template')
    templateSelect.vm.$emit('update:modelValue', 'T1')
    await nextTick()
    const sent = await sendForm(wrapper, api)
    expect(sent).toMatchObject({
      templateId: 'T1',
      stages: [{ approverIds: [2], rule: { kind: 'quorum', count: 1 }, deadline: null }],
      reminders: null,
      commentPolicy: 'optional',
      isSendBackAllowed: true,
    })
  })

  it('says why when they cannot be read and starts from the built-in ones', async () => {
    const refused: Answer = [503, { error: { code: 'STORE_UNAVAILABLE', message: 'Store unavailable' } }]
    const { wrapper, api } = await openForm('/approvals/new', {}, appApi({ settings: refused }))
    const titles = () =>
      wrapper.vm.$.appContext.app.runWithContext(() => useToast().toasts.value.map((toast: Toast) => toast.title))
    await vi.waitFor(() =>
      expect(titles()).toContain('Something went wrong: The app’s storage is not answering. Try again later.'),
    )
    await buttonByText(wrapper, 'Pick in Bitrix24').trigger('click')
    const sent = await sendForm(wrapper, api)
    expect(sent).toMatchObject({
      stages: [{ approverIds: [2], rule: { kind: 'all' }, deadline: null }],
      reminders: null,
      commentPolicy: 'required-on-reject',
      isSendBackAllowed: true,
    })
  })

  it("shows the server's field problems in the form, in words", async () => {
    const details = [{ path: 'deadline.dueAt', message: 'The deadline must be in the future.' }]
    const api = appApi({
      created: [400, { error: { code: 'INVALID_INPUT', message: 'The draft is invalid', details } }],
    })
    const { wrapper } = await openForm('/approvals/new', {}, api)
    await buttonByText(wrapper, 'Pick in Bitrix24').trigger('click')
    await sendForm(wrapper, api)
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="form-issues"] li').text()).toBe(
        'Set the approval deadline to a date and time in the future, at most a year ahead.',
      ),
    )
  })
})

describe('NewApprovalPage: approvers without Telegram', () => {
  it('warns about a chosen approver who has not connected Telegram and invites them', async () => {
    const api = appApi({ unlinkedIds: [2] })
    const { wrapper } = await openForm('/approvals/new', {}, api)
    expect(wrapper.find('[data-testid="approver-telegram-warning"]').exists()).toBe(false)
    await buttonByText(wrapper, 'Pick in Bitrix24').trigger('click')
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="approver-telegram-warning"]').text()).toContain(
        'Анна has not connected Telegram',
      ),
    )
    await wrapper.find('[data-testid="approver-telegram-invite"]').trigger('click')
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="approver-telegram-warning"]').text()).toContain('Invitation sent'),
    )
    const invitation = api.requests.find((r) => r.url.pathname === '/api/app/telegram/invitations')
    expect(invitation).toMatchObject({ method: 'POST', body: { userIds: [2] } })
    expect(wrapper.find('[data-testid="approver-telegram-invite"]').exists()).toBe(false)
  })

  it('says nothing when every chosen approver has connected Telegram', async () => {
    const api = appApi()
    const { wrapper } = await openForm('/approvals/new', {}, api)
    await buttonByText(wrapper, 'Pick in Bitrix24').trigger('click')
    await vi.waitFor(() => expect(api.requests.some((r) => r.url.pathname.endsWith('/link-status'))).toBe(true))
    await nextTick()
    expect(wrapper.find('[data-testid="approver-telegram-warning"]').exists()).toBe(false)
  })
})
