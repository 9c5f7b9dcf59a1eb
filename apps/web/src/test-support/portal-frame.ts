/**
 * @module Test support: the SPA's {@link PortalFrame} without a parent page, for component tests. REST calls go
 * to `rest(method, params)`, which answers with what the portal would put in `result`; pickers pick nothing.
 */
import type { PortalFrame } from '../b24/frame.ts'

/** A frame of user `AUTH-1` on `https://portal.example`; `overrides` replace any member. */
export function fakePortalFrame(overrides: Partial<PortalFrame> = {}): PortalFrame {
  return {
    lang: 'en',
    isAdmin: false,
    isInstallMode: false,
    placement: 'DEFAULT',
    placementOptions: {},
    portalUrl: 'https://portal.example',
    auth: () => ({ accessToken: 'AUTH-1', memberId: 'member-a' }),
    refreshAuth: async () => ({ accessToken: 'AUTH-1', memberId: 'member-a' }),
    call: async (method) => {
      throw new Error(`${method} is not answered in this test`)
    },
    setTitle: async () => {},
    followHeight: () => () => {},
    selectUsers: async () => [],
    selectCrmItem: async () => null,
    openPath: async () => {},
    installFinish: async () => {},
    ...overrides,
  }
}

/** A recorded request to the app API. */
export interface ApiRequest {
  method: string
  url: URL
  body: unknown
}

/**
 * The app API as a `fetch`: `answer(request)` returns `[status, body]` for a request (JSON both ways), and
 * every request is recorded in `requests`.
 */
export function appApiFetch(answer: (request: ApiRequest) => [number, unknown]) {
  const requests: ApiRequest[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    requests.push(request)
    const [status, body] = answer(request)
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  }
  return { fetch, requests }
}
