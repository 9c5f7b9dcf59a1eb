/**
 * The Approvals page as a table over the app API (a `fetch` stub answering with the server's JSON):
 * the filters and sort come from the URL and go back into it, the sort is the server's, further pages come by
 * cursor, and a rare filter that found nothing yet offers to search further.
 */
import b24UiPlugin from '@bitrix24/b24ui-nuxt/vue-plugin'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { markRaw } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { createApiClient } from '../api/client.ts'
import type { ApprovalRow } from '../api/types.ts'
import { createAppI18n } from '../i18n/index.ts'
import { routes } from '../router/index.ts'
import { usePortalStore } from '../stores/portal.ts'
import { approvalRow } from '../test-support/fixtures.ts'
import ApprovalsPage from './ApprovalsPage.vue'

type Page = { items: ApprovalRow[]; cursor: string | null }
/** Two rows and a cursor, then one more row. */
const twoPages = (cursor: string | null): Page =>
  cursor
    ? { items: [approvalRow('C')], cursor: null }
    : { items: [approvalRow('A'), approvalRow('B')], cursor: 'newest.after-B' }

function appApi(isAdmin: boolean, list: (cursor: string | null) => Page) {
  const requests: URL[] = []
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input))
    if (url.pathname === '/api/app/me')
      return json({ user: { id: 1, name: 'Админ', isAdmin }, portal: {}, connection: {} })
    if (url.pathname === '/api/app/users') return json({ users: [{ id: 3, name: 'Мария Петрова' }] })
    if (url.pathname === '/api/app/templates') return json({ templates: [] })
    requests.push(url)
    return json(list(url.searchParams.get('cursor')))
  }
  return { fetch, requests }
}

const mounted: Array<{ unmount(): void }> = []
afterEach(() => mounted.splice(0).forEach((w) => w.unmount()))

async function openPage(path: string, options: { isAdmin?: boolean; list?: (cursor: string | null) => Page } = {}) {
  const api = appApi(options.isAdmin ?? true, options.list ?? twoPages)
  const pinia = createPinia()
  setActivePinia(pinia)
  const portal = usePortalStore()
  const auth = () => ({ accessToken: 'AUTH-1', memberId: 'member-a' })
  portal.api = markRaw(
    createApiClient({ auth, refreshAuth: async () => auth() }, { baseUrl: 'http://app.test', fetch: api.fetch }),
  )
  await portal.loadMe()
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  const wrapper = mount(ApprovalsPage, {
    global: { plugins: [pinia, createAppI18n('en'), router, b24UiPlugin] },
    attachTo: document.body,
  })
  mounted.push(wrapper)
  await vi.waitFor(() => expect(api.requests.length).toBeGreaterThan(0))
  await flushPromises()
  return { wrapper, router, requests: api.requests }
}

const params = (url: URL | undefined) => Object.fromEntries(url?.searchParams ?? [])
const titles = (wrapper: Awaited<ReturnType<typeof openPage>>['wrapper']) =>
  wrapper.findAll('[data-testid="approval-link"]').map((link) => link.text())

describe('ApprovalsPage', () => {
  it('loads the list the URL describes and shows it as a table', async () => {
    const path = '/approvals?status=pending&sort=deadline&subjectKind=deal&subjectId=21&q=Ромашка&bogus=1'
    const { wrapper, requests } = await openPage(path)
    expect(params(requests[0])).toEqual({
      role: 'all',
      status: 'pending',
      sort: 'deadline',
      subjectKind: 'deal',
      subjectId: '21',
      q: 'Ромашка',
      limit: '25',
    })
    await vi.waitFor(() => expect(titles(wrapper)).toEqual(['Счёт A', 'Счёт B']))
    expect(wrapper.find('tbody').text()).toContain('Мария Петрова')
  })

  it('sorts on the server when a header is clicked and keeps the sort in the URL', async () => {
    const { wrapper, router, requests } = await openPage('/approvals')
    await wrapper.find('[data-testid="sort-due"]').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({ role: 'all', sort: 'deadline' }))
    await vi.waitFor(() => expect(params(requests.at(-1)).sort).toBe('deadline'))
    expect(params(requests.at(-1)).cursor).toBeUndefined()
  })

  it('appends the next page with the server’s cursor and stops when there is none', async () => {
    const { wrapper, requests } = await openPage('/approvals')
    await vi.waitFor(() => expect(titles(wrapper)).toHaveLength(2))
    await wrapper.find('[data-testid="load-more"]').trigger('click')
    await vi.waitFor(() => expect(titles(wrapper)).toEqual(['Счёт A', 'Счёт B', 'Счёт C']))
    expect(params(requests.at(-1)).cursor).toBe('newest.after-B')
    expect(wrapper.find('[data-testid="load-more"]').exists()).toBe(false)
  })

  it('follows the URL when it changes (back button, a shared link)', async () => {
    const { router, requests } = await openPage('/approvals?status=pending')
    await router.push('/approvals?status=rejected&sort=oldest')
    await vi.waitFor(() => expect(params(requests.at(-1))).toMatchObject({ status: 'rejected', sort: 'oldest' }))
  })

  it('offers to search further when a rare filter found nothing in the part searched so far', async () => {
    const list = (cursor: string | null): Page =>
      cursor ? { items: [approvalRow('Z')], cursor: null } : { items: [], cursor: 'newest.x' }
    const { wrapper } = await openPage('/approvals?q=редкое', { list })
    expect(wrapper.find('tbody').text()).toBe('No matches among the approvals searched so far.')
    const further = wrapper.find('[data-testid="load-more"]')
    expect(further.text()).toBe('Search further')
    await further.trigger('click')
    await vi.waitFor(() => expect(titles(wrapper)).toEqual(['Счёт Z']))
  })

  it('lists what a non-administrator approves, even when the link asks for all approvals', async () => {
    const { requests } = await openPage('/approvals?role=all', { isAdmin: false })
    expect(params(requests[0]).role).toBe('approver')
  })
})
