/**
 * @module The SPA's only API client: Hono RPC (`hc<AppType>`) over `fetch` that sends the frame's access token
 * (`Authorization: Bearer <AUTH_ID>`) and `X-B24-Member-Id`, or outside the frame the session cookie with its
 * `X-CSRF-Token`. On a 401 it asks the portal for a fresh token
 * (`refreshAuth`) and retries the request once.
 */
import { hc, type ClientResponse } from 'hono/client'
import type { AppType } from '../../../server/src/app.ts'
import type { FrameAuth } from '../b24/frame.ts'

/** Where the client takes the frame's token from. */
export interface AuthSource {
  auth(): FrameAuth
  refreshAuth(): Promise<FrameAuth>
}

/** An answer of the app API other than 2xx, with the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

function withAuth(init: RequestInit | undefined, auth: FrameAuth): RequestInit {
  const headers = new Headers(init?.headers)
  if (auth.accessToken === '' && auth.csrfToken) {
    // Signed in with Bitrix24 outside the frame: the session cookie goes by itself; the CSRF proof goes here.
    headers.set('X-CSRF-Token', auth.csrfToken)
    return { ...init, headers, credentials: 'same-origin' }
  }
  headers.set('Authorization', `Bearer ${auth.accessToken}`)
  headers.set('X-B24-Member-Id', auth.memberId)
  return { ...init, headers }
}

/** The longest `Retry-After` (seconds) the client waits out by itself; longer ones reach the page as errors. */
export const maxAutoRetryAfterSeconds = 5
const maxAutoRetries = 3

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The wait a 429 asks for, when it is short enough to wait out here (the server's sign-in rationing). */
function shortRetryAfterMs(response: Response): number | null {
  if (response.status !== 429) return null
  const seconds = Number(response.headers.get('retry-after') ?? '1')
  return Number.isFinite(seconds) && seconds >= 0 && seconds <= maxAutoRetryAfterSeconds ? seconds * 1000 : null
}

/**
 * A `fetch` that adds the frame's credentials; after a 401 it refreshes them once and replays the request, and
 * a 429 with a short `Retry-After` (the server rationing sign-in checks) is waited out and replayed, at most three
 * times. hc sends bodies as strings, so replaying is safe.
 */
export function createAuthedFetch(
  source: AuthSource,
  baseFetch: typeof fetch = fetch,
  pause: (ms: number) => Promise<void> = sleep,
): typeof fetch {
  const send = async (input: Parameters<typeof fetch>[0], init: RequestInit | undefined, auth: FrameAuth) => {
    let response = await baseFetch(input, withAuth(init, auth))
    for (let retry = 0; retry < maxAutoRetries; retry += 1) {
      const waitMs = shortRetryAfterMs(response)
      if (waitMs === null) return response
      await pause(waitMs)
      response = await baseFetch(input, withAuth(init, auth))
    }
    return response
  }
  return async (input, init) => {
    const first = await send(input, init, source.auth())
    if (first.status !== 401) return first
    return send(input, init, await source.refreshAuth())
  }
}

/** Creates the typed client for the app API; `baseUrl` is the app's origin. */
export function createApiClient(source: AuthSource, options: { baseUrl: string; fetch?: typeof fetch }) {
  return hc<AppType>(options.baseUrl, { fetch: createAuthedFetch(source, options.fetch) })
}

/**
 * The typed client without credentials, for the few routes anyone may call outside the portal frame
 * (`/api/b24/portal-link`).
 */
export function createPublicApiClient(options: { baseUrl: string; fetch?: typeof fetch }) {
  return hc<AppType>(options.baseUrl, options.fetch ? { fetch: options.fetch } : {})
}

/** The typed client. */
export type ApiClient = ReturnType<typeof createApiClient>

interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown }
}

/** The JSON body type of a client response (a union of responses gives the union of bodies). */
export type JsonOf<R> = R extends ClientResponse<infer T> ? T : never

/**
 * Reads a JSON answer; anything but 2xx becomes an {@link ApiError} with the server's code and message.
 * @throws ApiError
 */
export async function readJson<R extends ClientResponse<unknown>>(responsePromise: Promise<R>): Promise<JsonOf<R>> {
  const response = await responsePromise
  if (response.ok) return (await response.json()) as JsonOf<R>
  const body = (await response.json().catch((error: unknown) => ({ error: { message: String(error) } }))) as ErrorBody
  const { code = 'HTTP_' + response.status, message = response.statusText, details } = body.error ?? {}
  throw new ApiError(response.status, code, message, details)
}
