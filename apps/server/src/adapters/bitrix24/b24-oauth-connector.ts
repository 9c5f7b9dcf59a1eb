/**
 * @module The {@link PortalConnector} for OAuth app mode: one `B24OAuth` client per portal and process (so the
 * SDK's rate limiter paces each portal), whose refresh goes through the service's single-flight token source
 * (`setCustomRefreshAuth`) instead of straight to an OAuth server, so parallel instances never spend one refresh
 * token twice. The SDK is never given the client secret: only the OAuth server client holds it, and it talks to
 * trusted OAuth servers only.
 */
import {
  ApiVersion,
  B24OAuth,
  EnumAppStatus,
  type HandlerRefreshAuth,
  type RestrictionParams,
} from '@bitrix24/b24jssdk'
import { AuthError } from '../../ports/errors.ts'
import type { Portal, PortalAddress, PortalConnector, PortalTokens, PortalTokenSource } from '../../ports/portal.ts'
import { createB24Portal } from './b24-portal.ts'
import { createB24Rest, portalRestrictionParams } from './b24-rest.ts'
import { writeBackIntervalOf, type WriteBackBudgetOf } from './batch-queue.ts'
import { createHeldTokens } from './held-tokens.ts'
import { trustPrivateCa } from './private-ca.ts'

/** What the connector needs: the application's client id and the SDK restriction params. */
export interface B24OAuthConnectorOptions {
  clientId: string
  restrictionParams?: Partial<RestrictionParams>
  /** Extra trusted CA certificate (PEM) for a self-hosted portal (webhook mode's frames). */
  tlsCa?: string
  /** The write-back request budget of a portal, `perSecond` requests, shared by the instances (`rate-budget.ts`). */
  requestBudgetOf?: WriteBackBudgetOf
}

/** The SDK's refresh answer for a token pair (snake_case, seconds). */
function toRefreshAnswer(address: PortalAddress, tokens: PortalTokens): HandlerRefreshAuth {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    expires: String(Math.floor(tokens.expiresAt / 1000)),
    expires_in: String(Math.max(1, Math.floor((tokens.expiresAt - Date.now()) / 1000))),
    client_endpoint: address.clientEndpoint,
    // The SDK never contacts it: refreshes go through setCustomRefreshAuth.
    server_endpoint: address.clientEndpoint,
    member_id: address.memberId,
    scope: tokens.scope,
    status: EnumAppStatus.Local,
    domain: address.domain,
  }
}

function newClient(options: B24OAuthConnectorOptions, address: PortalAddress, tokens: PortalTokens): B24OAuth {
  return new B24OAuth(
    {
      applicationToken: '',
      userId: tokens.userId,
      memberId: address.memberId,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expires: Math.floor(tokens.expiresAt / 1000),
      expiresIn: 3600,
      scope: tokens.scope,
      domain: address.domain,
      clientEndpoint: address.clientEndpoint,
      serverEndpoint: address.clientEndpoint,
      status: EnumAppStatus.Local,
    },
    // No secret: refreshes go through setCustomRefreshAuth, never through the SDK's own token request.
    { clientId: options.clientId, clientSecret: '' },
    { restrictionParams: portalRestrictionParams(options.restrictionParams) },
  )
}

async function connect(
  options: B24OAuthConnectorOptions,
  address: PortalAddress,
  source: PortalTokenSource,
): Promise<B24OAuth> {
  const tokens = await source.current()
  const b24 = newClient(options, address, tokens)
  const held = createHeldTokens(source, tokens)
  b24.setCustomRefreshAuth(async () => toRefreshAnswer(address, await held.refresh()))
  for (const version of [ApiVersion.v2, ApiVersion.v3]) {
    // The SDK's HTTP client is axios: a refused request's error carries the body it sent.
    b24.getHttpClient(version).ajaxClient.interceptors.response.use(undefined, (error: RefusedRequest) => {
      if (error?.response?.status === 401) held.rejected(sentAccessToken(error.config?.data))
      return Promise.reject(error)
    })
  }
  return b24
}

/** What an axios error says about the request and its answer. */
interface RefusedRequest {
  response?: { status?: number }
  config?: { data?: unknown }
}

/** The `auth` parameter of a REST request body the SDK sent (JSON), if it can be read. */
function sentAccessToken(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined
  try {
    const auth = (JSON.parse(body) as { auth?: unknown }).auth
    return typeof auth === 'string' ? auth : undefined
  } catch {
    return undefined
  }
}

/** A client for a user's token alone: a refused token is final (there is nothing to refresh it with). */
function userTokenClient(options: B24OAuthConnectorOptions, address: PortalAddress, accessToken: string): B24OAuth {
  const tokens = { accessToken, refreshToken: '', expiresAt: Date.now() + 3_600_000, userId: 0, scope: '' }
  const b24 = newClient(
    { ...options, restrictionParams: { ...options.restrictionParams, maxRetries: 1 } },
    address,
    tokens,
  )
  trustPrivateCa(b24, options.tlsCa)
  b24.setCustomRefreshAuth(async () => {
    throw new AuthError('BITRIX24_TOKEN_REJECTED', 'Bitrix24 does not accept this access token')
  })
  return b24
}

/** Creates the OAuth-mode connector; clients are cached per member_id until {@link PortalConnector.forget}. */
export function createB24OAuthConnector(options: B24OAuthConnectorOptions): PortalConnector {
  const clients = new Map<string, { endpoint: string; portal: Portal }>()
  return {
    forPortal(address, source) {
      const cached = clients.get(address.memberId)
      if (cached && cached.endpoint === address.clientEndpoint) return cached.portal
      const pending = connect(options, address, source)
      const writeBackIntervalMs = writeBackIntervalOf(portalRestrictionParams(options.restrictionParams))
      const writeBackBudget = options.requestBudgetOf?.(address.memberId, 1_000 / writeBackIntervalMs)
      const pacing = { writeBackIntervalMs, ...(writeBackBudget ? { writeBackBudget } : {}) }
      const portal = createB24Portal(createB24Rest(pending), address.domain, pacing)
      clients.set(address.memberId, { endpoint: address.clientEndpoint, portal })
      // A failed connect (no tokens yet) must not stay cached; the caller gets the error from the call itself.
      pending.catch(() => clients.delete(address.memberId))
      return portal
    },
    forUserToken(address, accessToken) {
      return createB24Portal(createB24Rest(userTokenClient(options, address, accessToken)), address.domain)
    },
    forget(memberId) {
      clients.delete(memberId)
    },
  }
}
