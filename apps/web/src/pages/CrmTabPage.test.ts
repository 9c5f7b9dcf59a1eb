/**
 * The deal/lead card's app tab: a manager who is no admin still sees the record's approvals they may view
 * (the subject listing, not the admin-only `role=all` list), and "request approval" names the record.
 */
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { usePortalStore } from '../stores/portal.ts'
import { approvalRow } from '../test-support/fixtures.ts'
import { mountPage } from '../test-support/mount.ts'
import { appApiFetch, fakePortalFrame } from '../test-support/portal-frame.ts'
import CrmTabPage from './CrmTabPage.vue'

/** A row of an approval of deal 21 that the user may cancel. */
const row = (id: string, title: string) =>
  approvalRow(id, {
    title,
    subject: { kind: 'deal', id: 21, title: 'Поставка', amount: null, currency: null, url: null },
    waitingFor: [2],
    allowedActions: ['cancel'],
  })

function appApi() {
  return appApiFetch(({ url }) => {
    if (url.pathname === '/api/app/me') {
      return [200, { user: { id: 3, name: 'Олег', isAdmin: false }, portal: {}, connection: { status: 'active' } }]
    }
    if (url.pathname === '/api/app/users') return [200, { users: [{ id: 3, name: 'Олег', departmentIds: [1] }] }]
    if (url.pathname === '/api/app/approvals') {
      return [403, { error: { code: 'ADMIN_REQUIRED', message: 'Only portal administrators may list all approvals' } }]
    }
    if (url.pathname === '/api/app/subjects/deal/21/approvals') {
      const page = url.searchParams.get('cursor')
        ? { items: [row('A2', 'Отсрочка платежа')], cursor: null }
        : { items: [row('A1', 'Скидка 15%')], cursor: 'after-A1' }
      return [200, page]
    }
    return [404, { error: { code: 'NOT_FOUND', message: url.pathname } }]
  })
}

describe('CrmTabPage', () => {
  it("lists the deal's approvals for a non-admin and pages on", async () => {
    const pinia = createPinia()
    const api = appApi()
    await usePortalStore(pinia).connect(fakePortalFrame(), { baseUrl: 'http://app.test', fetch: api.fetch })
    const { wrapper } = await mountPage(CrmTabPage, '/crm/deal/21', { pinia })
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="approval-row"]')).toHaveLength(1))
    expect(wrapper.text()).toContain('Скидка 15%')
    // Inside the deal's own tab, no row repeats the deal's name.
    expect(wrapper.find('[data-testid="approval-row"]').text()).not.toContain('Поставка')
    expect(wrapper.find('[data-testid="approval-row-subject"]').exists()).toBe(false)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    const listed = api.requests.filter((r) => r.url.pathname.includes('approvals'))
    expect(listed.map((r) => `${r.url.pathname}${r.url.search}`)).toEqual([
      '/api/app/subjects/deal/21/approvals?limit=20',
    ])

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Show more')!
      .trigger('click')
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="approval-row"]')).toHaveLength(2))
    expect(api.requests.at(-1)!.url.searchParams.get('cursor')).toBe('after-A1')
  })

  it('links "request approval" to the form for this record', async () => {
    const pinia = createPinia()
    await usePortalStore(pinia).connect(fakePortalFrame(), { baseUrl: 'http://app.test', fetch: appApi().fetch })
    const { wrapper } = await mountPage(CrmTabPage, '/crm/lead/21', { pinia })
    const link = wrapper.findAll('a').find((a) => a.text() === 'Request approval')!
    expect(link.attributes('href')).toBe('/approvals/new?subjectKind=lead&subjectId=21')
  })
})
