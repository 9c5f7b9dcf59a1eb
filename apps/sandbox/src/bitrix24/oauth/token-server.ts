/**
 * @module The OAuth server (§2): `/oauth/token/` with the `refresh_token` and `authorization_code`
 * grants (GET or form POST), errors of §2.5, `/oauth/authorize/` on the portal, and `app.info`
 * answered as the trusted authority (§1.2 note) under the OAuth server's own `/rest/`.
 */
import { Hono, type Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { formatB24Date } from '../b24-date.ts'
import type { Portal } from '../portal.ts'
import { appInfo } from '../methods/app.ts'
import { readParams, type Params } from '../rest/params.ts'
import {
  issueAuthorizationCode,
  redeemAuthorizationCode,
  refreshTokens,
  resolveAccessToken,
  type TokenResponse,
} from '../tokens.ts'

/** Path prefix of the OAuth server on the sandbox listener (its `server_endpoint` is `<prefix>/rest/`). */
export const OAUTH_SERVER_PREFIX = '/oauth-server'

/** Cookie with the id of the user the portal UI is opened as ("open the portal as user X"). */
export const PORTAL_USER_COOKIE = 'b24_sandbox_user'

function logToken(portal: Portal, grantType: string, status: number, error: string | null): void {
  portal.oauthLog.push({ at: formatB24Date(portal.now()), grantType, status, error })
}

function oauthError(
  portal: Portal,
  c: Context,
  grantType: string,
  status: 400 | 401,
  error: string,
  description: string,
): Response {
  logToken(portal, grantType, status, error)
  return c.json({ error, error_description: description }, status)
}

function grant(portal: Portal, params: Params): TokenResponse | null {
  const type = String(params['grant_type'] ?? '')
  if (type === 'refresh_token') return refreshTokens(portal, String(params['refresh_token'] ?? ''))
  return redeemAuthorizationCode(portal, String(params['code'] ?? ''))
}

function tokenHandler(portal: Portal) {
  return async function oauthToken(c: Context): Promise<Response> {
    const params = await readParams(c.req.raw)
    const type = String(params['grant_type'] ?? '')
    if (type !== 'refresh_token' && type !== 'authorization_code') {
      return oauthError(portal, c, type, 400, 'invalid_request', 'Invalid grant_type')
    }
    const app = portal.state.app
    if (params['client_id'] !== app.clientId || params['client_secret'] !== app.clientSecret || !app.active) {
      return oauthError(portal, c, type, 401, 'invalid_client', 'Invalid client credentials')
    }
    const tokens = grant(portal, params)
    if (!tokens) return oauthError(portal, c, type, 400, 'invalid_grant', 'Invalid grant')
    logToken(portal, type, 200, null)
    return c.json(tokens, 200)
  }
}

function authorizeHandler(portal: Portal) {
  return function oauthAuthorize(c: Context): Response {
    const app = portal.state.app
    if (c.req.query('client_id') !== app.clientId || !app.installed) {
      return c.html('<h1>Bitrix24</h1><p>The application is not installed in this portal.</p>', 400)
    }
    const userId = Number(getCookie(c, PORTAL_USER_COOKIE) ?? '1') || 1
    const query = new URLSearchParams({
      code: issueAuthorizationCode(portal, userId),
      state: c.req.query('state') ?? '',
      domain: portal.urls.domain,
      member_id: portal.state.memberId,
      scope: app.scope.join(','),
      server_domain: new URL(portal.urls.oauthServer).host,
    })
    return c.redirect(`${app.handlerUrl}?${query.toString()}`, 302)
  }
}

/**
 * The OAuth server's `app.info` about a token. The reference (§1.2 note) names the call but not its shape;
 * the sandbox answers the token facts (`scope`, `client_id`, `expires`, `user_id`, `install{…}`) together
 * with the portal `app.info` fields (§5.5), so a client reading either set works. UNCONFIRMED shape.
 */
function trustedAppInfo(portal: Portal) {
  return async function oauthAppInfo(c: Context): Promise<Response> {
    const params = await readParams(c.req.raw)
    const token = String(params['auth'] ?? '')
    const resolved = resolveAccessToken(portal, token)
    if (!resolved.ok) return c.json({ error: resolved.error, error_description: 'Invalid token' }, 401)
    const app = portal.state.app
    const install = {
      installed: app.installed,
      version: app.version,
      status: app.status,
      scope: resolved.scope,
      domain: portal.urls.domain,
      uri: portal.urls.portal,
      client_endpoint: `${portal.urls.portal}/rest/`,
      server_endpoint: `${portal.urls.oauthServer}/rest/`,
      member_id: portal.state.memberId,
    }
    const expires = Math.floor((portal.state.accessTokens[token]?.expiresAt ?? 0) / 1000)
    const result = {
      ...appInfo(portal),
      scope: resolved.scope,
      client_id: app.clientId,
      expires,
      install,
      user_id: resolved.userId,
    }
    return c.json({ result }, 200)
  }
}

/** Routes of the OAuth server and of the portal's own `/oauth/` endpoints. */
export function oauthRoutes(portal: Portal): Hono {
  const app = new Hono()
  const token = tokenHandler(portal)
  app.on(['GET', 'POST'], ['/oauth/token', '/oauth/token/'], token)
  app.on(['GET', 'POST'], [`${OAUTH_SERVER_PREFIX}/oauth/token`, `${OAUTH_SERVER_PREFIX}/oauth/token/`], token)
  app.get('/oauth/authorize/', authorizeHandler(portal))
  app.get('/oauth/authorize', authorizeHandler(portal))
  app.on(
    ['GET', 'POST'],
    [`${OAUTH_SERVER_PREFIX}/rest/app.info`, `${OAUTH_SERVER_PREFIX}/rest/app.info.json`],
    trustedAppInfo(portal),
  )
  return app
}
