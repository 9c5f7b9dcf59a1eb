/**
 * @module The Bitrix24 OAuth server client (`https://oauth.bitrix.info`): `app.info` asked of the OAuth server
 * (the trust anchor of architecture §7) and the refresh-token exchange (`/oauth/token/`: refresh and authorization code). The client secret is
 * only ever sent here, and only to a server the caller names (a trusted one).
 * @see https://apidocs.bitrix24.com/settings/oauth/index.html
 */
import { z } from 'zod'
import { AuthError, UpstreamError } from '../../ports/errors.ts'
import type { OAuthServer, OAuthTokenInfo, PortalTokens } from '../../ports/portal.ts'

/** What the OAuth server client needs: this application's credentials and how to reach the network. */
export interface OAuthServerClientOptions {
  clientId: string
  clientSecret: string
  /** Request timeout in milliseconds (default 15 s). */
  timeoutMs?: number
  fetch?: typeof fetch
}

const appInfoAnswer = z.object({
  result: z.looseObject({
    client_id: z.string().optional(),
    CODE: z.string().optional(),
    scope: z.string().optional(),
    user_id: z.coerce.number().optional(),
    STATUS: z.string().optional(),
    INSTALLED: z.boolean().optional(),
    install: z
      .looseObject({
        installed: z.boolean().optional(),
        status: z.string().optional(),
        scope: z.string().optional(),
        domain: z.string(),
        client_endpoint: z.string().optional(),
        member_id: z.string(),
      })
      .optional(),
    member_id: z.string().optional(),
    domain: z.string().optional(),
  }),
})

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires: z.coerce.number().optional(),
  expires_in: z.coerce.number().default(3600),
  scope: z.string().default(''),
  client_endpoint: z.string(),
  user_id: z.coerce.number().default(0),
})

/** Joins a server base (`https://oauth.bitrix.info`) and a path without doubling slashes. */
function at(serverUrl: string, path: string): string {
  return serverUrl.replace(/\/+$/, '') + path
}

function toTokenInfo(result: z.infer<typeof appInfoAnswer>['result']): OAuthTokenInfo {
  const install = result.install
  const memberId = install?.member_id ?? result.member_id
  const domain = install?.domain ?? result.domain
  const clientId = result.client_id ?? result.CODE
  if (!memberId || !domain || !clientId) {
    throw new UpstreamError('BITRIX24_OAUTH_ANSWER_INVALID', 'The OAuth server did not name the portal and application')
  }
  return {
    clientId,
    memberId,
    domain,
    clientEndpoint: install?.client_endpoint,
    userId: result.user_id,
    scope: result.scope ?? install?.scope,
    status: install?.status ?? result.STATUS,
    isInstalled: install?.installed ?? result.INSTALLED,
  }
}

type Post = (url: string, body: URLSearchParams) => Promise<{ status: number; json: unknown }>

function poster(options: OAuthServerClientOptions): Post {
  const doFetch = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? 15_000
  return async (url, body) => {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: unknown) => {
      throw new UpstreamError('BITRIX24_OAUTH_UNREACHABLE', 'The Bitrix24 OAuth server did not answer', {
        cause: error,
      })
    })
    const json: unknown = await response.json().catch(() => null)
    return { status: response.status, json }
  }
}

async function tokenInfo(post: Post, serverUrl: string, accessToken: string): Promise<OAuthTokenInfo> {
  const { status, json } = await post(at(serverUrl, '/rest/app.info'), new URLSearchParams({ auth: accessToken }))
  const parsed = appInfoAnswer.safeParse(json)
  if (parsed.success) return toTokenInfo(parsed.data.result)
  if (status === 401 || status === 400 || status === 403) {
    throw new AuthError('BITRIX24_TOKEN_REJECTED', 'The Bitrix24 OAuth server does not accept this token')
  }
  throw new UpstreamError('BITRIX24_OAUTH_FAILED', `The Bitrix24 OAuth server answered ${status}`)
}

type TokenGrant =
  { grant_type: 'refresh_token'; refresh_token: string } | { grant_type: 'authorization_code'; code: string }

async function requestTokens(
  post: Post,
  options: OAuthServerClientOptions,
  serverUrl: string,
  grant: TokenGrant,
): Promise<PortalTokens & { clientEndpoint: string }> {
  const { clientId, clientSecret } = options
  const body = new URLSearchParams({ ...grant, client_id: clientId, client_secret: clientSecret })
  const { status, json } = await post(at(serverUrl, '/oauth/token/'), body)
  const parsed = tokenAnswer.safeParse(json)
  if (status === 200 && parsed.success) {
    const t = parsed.data
    const expiresAt = t.expires ? t.expires * 1000 : Date.now() + t.expires_in * 1000
    const { access_token: accessToken, refresh_token: next, scope, user_id: userId } = t
    return { accessToken, refreshToken: next, expiresAt, userId, scope, clientEndpoint: t.client_endpoint }
  }
  const error = (json as { error?: unknown } | null)?.error
  if (grant.grant_type === 'authorization_code' && (error === 'invalid_grant' || error === 'invalid_client')) {
    throw new AuthError('SIGN_IN_CODE_REJECTED', 'Bitrix24 refused the sign-in code; sign in again')
  }
  if (error === 'invalid_grant') {
    throw new AuthError('PORTAL_NEEDS_REAUTHORIZATION', 'Bitrix24 refused the refresh token; reinstall the app')
  }
  throw new UpstreamError('BITRIX24_OAUTH_FAILED', `The Bitrix24 OAuth server answered ${status}`, {
    details: { error: typeof error === 'string' ? error : undefined },
  })
}

/**
 * Creates the {@link OAuthServer} adapter over `fetch`.
 * @see https://apidocs.bitrix24.com/settings/oauth/auto-renewal.html
 */
export function createOAuthServerClient(options: OAuthServerClientOptions): OAuthServer {
  const post = poster(options)
  return {
    tokenInfo: (serverUrl, accessToken) => tokenInfo(post, serverUrl, accessToken),
    refreshTokens: (serverUrl, refreshToken) =>
      requestTokens(post, options, serverUrl, { grant_type: 'refresh_token', refresh_token: refreshToken }),
    exchangeCode: (serverUrl, code) =>
      requestTokens(post, options, serverUrl, { grant_type: 'authorization_code', code }),
  }
}
