import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { PickedUser } from '../b24/frame.ts'
import { usePortalStore } from '../stores/portal.ts'
import { appApiFetch, fakePortalFrame, type ApiRequest } from '../test-support/portal-frame.ts'
import { ApiError } from '../api/client.ts'
import { maxAuditors, unknownUserIds, useAccessSettings, withAuditors } from './access-settings.ts'

/** `/api/app/access` as the server keeps it: a document with a version, saved only over the version read. */
function accessServer(activeUserIds: number[]) {
  const state = { access: { isDepartmentHeadAccess: false, auditorIds: [] as number[] }, version: 0 }
  return {
    state,
    answer({ method, url, body }: ApiRequest): [number, unknown] {
      if (url.pathname === '/api/app/me') return [200, { user: { id: 1, isAdmin: true }, portal: {}, connection: {} }]
      if (method === 'GET') return [200, state]
      const { version, ...access } = body as typeof state.access & { version: number }
      if (version !== state.version) {
        return [409, { error: { code: 'ACCESS_SETTINGS_CHANGED', message: 'changed' } }]
      }
      const unknown = access.auditorIds.filter((id) => !activeUserIds.includes(id))
      if (unknown.length > 0) {
        return [400, { error: { code: 'UNKNOWN_USERS', message: 'unknown', details: { userIds: unknown } } }]
      }
      Object.assign(state, { access, version: state.version + 1 })
      return [200, state]
    },
  }
}

let picked: PickedUser[] = []

async function connect(server: ReturnType<typeof accessServer>) {
  const api = appApiFetch((request) => server.answer(request))
  const frame = fakePortalFrame({ isAdmin: true, selectUsers: async () => picked })
  await usePortalStore().connect(frame, { baseUrl: 'http://app.test', fetch: api.fetch })
  return api
}

beforeEach(() => {
  setActivePinia(createPinia())
  picked = []
})

describe('withAuditors and unknownUserIds', () => {
  it('adds picked people once, in the order chosen', () => {
    expect(withAuditors([4, 2], [2, 9, 4, 7])).toEqual([4, 2, 9, 7])
  })

  it('reads the unknown users of an UNKNOWN_USERS refusal only', () => {
    expect(unknownUserIds(new ApiError(400, 'UNKNOWN_USERS', 'x', { field: 'auditorIds', userIds: [5, 'x'] }))).toEqual(
      [5],
    )
    expect(unknownUserIds(new ApiError(400, 'VALIDATION_FAILED', 'x', { userIds: [5] }))).toEqual([])
    expect(unknownUserIds(null)).toEqual([])
  })
})

describe('useAccessSettings', () => {
  it('adds auditors from the picker, removes one and saves over the version read', async () => {
    const server = accessServer([3, 4, 9])
    const api = await connect(server)
    const rights = useAccessSettings()
    expect(await rights.load()).toBe(true)
    picked = [
      { id: 9, name: 'Игорь' },
      { id: 4, name: 'Анна' },
      { id: 9, name: 'Игорь' },
    ]
    await rights.addAuditors()
    picked = [{ id: 3, name: 'Мария' }]
    await rights.addAuditors()
    rights.removeAuditor(4)
    rights.access.value!.isDepartmentHeadAccess = true
    expect(await rights.save()).toBe(true)
    expect(api.requests.at(-1)!.body).toEqual({ isDepartmentHeadAccess: true, auditorIds: [9, 3], version: 0 })
    expect(server.state).toEqual({ access: { isDepartmentHeadAccess: true, auditorIds: [9, 3] }, version: 1 })
    expect(rights.version.value).toBe(1)
    rights.removeAuditor(9)
    expect(await rights.save()).toBe(true)
    expect(server.state.version).toBe(2)
  })

  it('shows what another admin saved meanwhile and keeps the refusal', async () => {
    const server = accessServer([3, 9])
    await connect(server)
    const rights = useAccessSettings()
    await rights.load()
    Object.assign(server.state, { access: { isDepartmentHeadAccess: true, auditorIds: [9] }, version: 1 })
    rights.access.value!.auditorIds = [3]
    expect(await rights.save()).toBe(false)
    expect((rights.error.value as ApiError).code).toBe('ACCESS_SETTINGS_CHANGED')
    expect(rights.access.value).toEqual({ isDepartmentHeadAccess: true, auditorIds: [9] })
    expect(rights.version.value).toBe(1)
    rights.access.value!.auditorIds = [9, 3]
    expect(await rights.save()).toBe(true)
    expect(rights.error.value).toBeNull()
    expect(server.state.access.auditorIds).toEqual([9, 3])
  })

  it('names the auditors the portal does not know and changes nothing', async () => {
    const server = accessServer([3])
    await connect(server)
    const rights = useAccessSettings()
    await rights.load()
    rights.access.value!.auditorIds = [3, 77]
    expect(await rights.save()).toBe(false)
    expect(rights.unknownIds.value).toEqual([77])
    expect(server.state.version).toBe(0)
  })

  it(`refuses more than ${maxAuditors} auditors without asking the server`, async () => {
    const server = accessServer([])
    const api = await connect(server)
    const rights = useAccessSettings()
    await rights.load()
    rights.access.value!.auditorIds = Array.from({ length: maxAuditors + 1 }, (_, i) => i + 1)
    expect(rights.isTooMany.value).toBe(true)
    const sent = api.requests.length
    expect(await rights.save()).toBe(false)
    expect(api.requests.length).toBe(sent)
  })
})
