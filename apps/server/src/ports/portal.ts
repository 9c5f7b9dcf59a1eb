/**
 * @module The Portal port: how services talk to one Bitrix24 portal (REST calls) and to a Bitrix24 OAuth server
 * (the trust anchor and token refresh), in Bitrix24's own words. `adapters/bitrix24` implements it with
 * `@bitrix24/b24jssdk` (`B24OAuth` for the app, `B24Hook` for webhook mode).
 */

import type { AppError } from './errors.ts'

/** A REST parameter object, sent as JSON (`{ fields: {…}, filter: {…} }`). */
export type RestParams = Record<string, unknown>

/** What one command of a `batch` came to: its `result`, or the error Bitrix24 answered for that command alone. */
export type BatchOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: AppError }

/**
 * The result of one batch command, for callers that need every command to succeed.
 * @throws the command's own error.
 */
export function resultOf<T>(outcome: BatchOutcome<T>): T {
  if (!outcome.ok) throw outcome.error
  return outcome.result
}

/**
 * One connected portal's REST API (REST v2, `actions.v2.*`).
 *
 * Guarantees: requests to one portal are paced by the SDK's leaky bucket (2/s, burst 50); 503
 * `QUERY_LIMIT_EXCEEDED` and 429 `OPERATION_TIME_LIMIT` are retried with backoff; an expired access token is
 * refreshed once (single-flight across processes) and the call replayed.
 * @throws AuthError when the portal refuses the credentials for good (`PORTAL_NEEDS_REAUTHORIZATION`,
 * `BITRIX24_AUTH_FAILED`); RateLimitedError when the limits persist; UpstreamError when the portal fails or
 * does not answer; ValidationError for any other Bitrix24 error (`code` = `BITRIX24_ERROR`, details carry the
 * Bitrix24 `error` code and description).
 */
export interface Portal {
  /** Calls one REST method and returns its `result`. */
  call<T = unknown>(method: string, params?: RestParams): Promise<T>
  /**
   * Runs up to 50 calls in one `batch` request without halting, so every command runs and has its own outcome
   * (a refused command does not stop the others). Throws, as `call` does, when the request as a whole failed;
   * then nothing is known of its commands (they may have run).
   */
  batch<T = unknown>(
    calls: Record<string, [method: string, params?: RestParams]>,
  ): Promise<Record<string, BatchOutcome<T>>>
}

/** The OAuth token pair of a portal (what `/oauth/token/` returns), with `expiresAt` in milliseconds. */
export interface PortalTokens {
  accessToken: string
  refreshToken: string
  /** Milliseconds since the epoch when `accessToken` expires. */
  expiresAt: number
  /** The Bitrix24 user the tokens belong to. */
  userId: number
  scope: string
}

/**
 * Where a portal client gets its tokens. The service layer implements it over the Store: `current` reads the
 * stored pair, `refresh` replaces a stale pair exactly once across all processes (a store lease).
 */
export interface PortalTokenSource {
  /** The stored tokens. @throws AuthError when the portal is not connected any more. */
  current(): Promise<PortalTokens>
  /**
   * Returns a fresh pair, given the refresh token the caller last saw: the stored pair when another process has
   * already rotated it, otherwise one `/oauth/token/` exchange whose result is persisted before it is returned.
   * @throws AuthError `PORTAL_NEEDS_REAUTHORIZATION` when the OAuth server answers `invalid_grant`.
   */
  refresh(staleRefreshToken: string): Promise<PortalTokens>
}

/** Addresses of a portal as the trust anchor confirmed them. */
export interface PortalAddress {
  memberId: string
  /** Portal host as Bitrix24 names it (`DOMAIN`, may include `:port`). */
  domain: string
  /** Portal REST root, `https://<portal>/rest/`. */
  clientEndpoint: string
}

/** Creates portal clients; one per portal and process, so the SDK's rate limiter is shared per portal. */
export interface PortalConnector {
  /** A client of an installed portal, authorized by the application's stored tokens. */
  forPortal(address: PortalAddress, tokens: PortalTokenSource): Portal
  /**
   * A client authorized by a user's access token only (the frame's `AUTH_ID`, an event's `auth[access_token]`):
   * no refresh, a refused token is an AuthError.
   */
  forUserToken(address: PortalAddress, accessToken: string): Portal
  /** Forgets the cached client of a portal (after re-install or uninstall). */
  forget(memberId: string): void
}

/** What a trusted OAuth server says about an access token (`app.info` called on the OAuth server). */
export interface OAuthTokenInfo {
  /** The application the token was issued to (`client_id`). */
  clientId: string
  memberId: string
  /** Portal host the token belongs to. */
  domain: string
  /** Portal REST root, when the server names it. */
  clientEndpoint: string | undefined
  userId: number | undefined
  scope: string | undefined
  /** Application status letter `L/F/D/T/P`. */
  status: string | undefined
  /** `INSTALLED`: false until `installFinish`. */
  isInstalled: boolean | undefined
}

/** A Bitrix24 OAuth server (`https://oauth.bitrix.info`): the trust anchor and the only place tokens are refreshed. */
export interface OAuthServer {
  /**
   * Asks the OAuth server at `serverUrl` who issued `accessToken` (`<serverUrl>/rest/app.info`).
   * @throws AuthError `BITRIX24_TOKEN_REJECTED` when the server does not know the token; UpstreamError when it
   * does not answer.
   */
  tokenInfo(serverUrl: string, accessToken: string): Promise<OAuthTokenInfo>
  /**
   * Exchanges a refresh token at `serverUrl` (`/oauth/token/`, `grant_type=refresh_token`) with this
   * application's client id and secret.
   * @throws AuthError `PORTAL_NEEDS_REAUTHORIZATION` on `invalid_grant`; UpstreamError otherwise (also `invalid_client`).
   */
  refreshTokens(serverUrl: string, refreshToken: string): Promise<PortalTokens & { clientEndpoint: string }>
}

/**
 * The Bitrix24 `error` code carried by an error a {@link Portal} threw (`ERROR_EVENT_BINDING_EXISTS`,
 * `ACCESS_DENIED`, …), or undefined for errors that did not come from Bitrix24.
 */
export function bitrix24ErrorCode(error: unknown): string | undefined {
  const details = (error as { details?: { error?: unknown } } | null)?.details
  return typeof details?.error === 'string' ? details.error : undefined
}
