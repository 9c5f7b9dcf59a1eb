/**
 * @module The one reader of `Authorization: Bearer <token>` (RFC 6750 §2.1), shared by every route that takes a
 * bearer token: the SPA API (the frame's access token) and the cron tick (`CRON_SECRET`).
 */

/** The scheme word is case-insensitive; the token is everything after the white space, with none inside it. */
const bearerHeader = /^Bearer\s+(\S+)$/i

/**
 * The token of an `Authorization` header value of the Bearer scheme, or `undefined` when the header is absent,
 * names another scheme or carries no single token.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  return bearerHeader.exec(authorization ?? '')?.[1]
}
