import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import type { PortalFrame } from '../b24/frame.ts'
import { useApprovalList, type ApprovalListQuery } from '../composables/approval-list.ts'
import { approvalRow } from '../test-support/fixtures.ts'
import { fakePortalFrame } from '../test-support/portal-frame.ts'
import { usePortalStore } from './portal.ts'

/** The frame as the SPA sees it: tokens that change on refreshAuth; the pickers are not used here. */
function frameWithTokens(): PortalFrame & { refreshes: number } {
  let token = 'AUTH-1'
  const auth = () => ({ accessToken: token, memberId: 'member-a' })
  const frame = {
    refreshes: 0,
    ...fakePortalFrame({
      lang: 'ru',
      auth,
      refreshAuth: async () => {
        frame.refreshes += 1
        token = `AUTH-${frame.refreshes + 1}`
        return auth()
      },
    }),
  }
  return frame
}

/** The app API as a fetch: `/me` (401 while the token is AUTH-1) and a 3-item list in pages of 2. */
function appApi(requests: URL[]): typeof fetch {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  return async (input, init) => {
    const url = new URL(String(input))
    requests.push(url)
    if (new Headers(init?.headers).get('authorization') === 'Bearer AUTH-1') {
      return json(401, { error: { code: 'INVALID_TOKEN', message: 'expired' } })
    }
    if (url.pathname === '/api/app/me') {
      return json(200, { user: { id: 3, name: 'Олег', isAdmin: false }, portal: {}, connection: { status: 'active' } })
    }
    const after = url.searchParams.get('cursor')
    const items = after ? [approvalRow('C')] : [approvalRow('A'), approvalRow('B')]
    return json(200, { items, cursor: after ? null : 'after-B' })
  }
}

describe('usePortalStore + useApprovalList', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('connects with the frame token, refreshing it after a 401, and loads who is signed in', async () => {
    const requests: URL[] = []
    const frame = frameWithTokens()
    const portal = usePortalStore()
    await portal.connect(frame, { baseUrl: 'http://app.test', fetch: appApi(requests) })
    expect(frame.refreshes).toBe(1)
    expect(portal.me?.user).toEqual({ id: 3, name: 'Олег', isAdmin: false })
    expect(portal.error).toBeNull()
  })

  it('pages through the list with the server cursor and reloads when the filters change', async () => {
    const requests: URL[] = []
    await usePortalStore().connect(frameWithTokens(), { baseUrl: 'http://app.test', fetch: appApi(requests) })
    const query = ref<ApprovalListQuery>({ role: 'approver', limit: 2 })
    const list = useApprovalList(query)
    await vi.waitFor(() => expect(list.items.value).toHaveLength(2))
    expect(list.cursor.value).toBe('after-B')
    await list.loadMore()
    expect(list.items.value.map((r) => r.id)).toEqual(['A', 'B', 'C'])
    expect(list.cursor.value).toBeNull()
    query.value = { role: 'initiator', status: 'pending', limit: 2 }
    await nextTick()
    await vi.waitFor(() => expect(list.items.value).toHaveLength(2))
    const last = requests.at(-1)!
    expect(Object.fromEntries(last.searchParams)).toEqual({ role: 'initiator', status: 'pending', limit: '2' })
  })
})
