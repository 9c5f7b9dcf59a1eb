/**
 * @module Asking a portal who holds an access token: `app.info` must name this application and `profile` gives
 * the user id and the admin flag. One `batch` request.
 * @see https://apidocs.bitrix24.com/api-reference/common/system/app-info.html
 * @see https://apidocs.bitrix24.com/api-reference/common/users/profile.html
 */
import { z } from 'zod'
import { AuthError } from '../ports/errors.ts'
import { resultOf, type Portal } from '../ports/portal.ts'

/** The user an access token belongs to, as the portal says. */
export interface TokenHolder {
  userId: number
  isAdmin: boolean
  name: string
}

const appInfoResult = z.looseObject({ CODE: z.string().optional(), client_id: z.string().optional() })
const profileResult = z.looseObject({
  ID: z.coerce.number().int().positive(),
  ADMIN: z.union([z.boolean(), z.string().transform((v) => v === 'Y' || v === 'true' || v === '1')]).optional(),
  NAME: z.string().optional(),
  LAST_NAME: z.string().optional(),
})

/**
 * Verifies `portal`'s token (the client carries it) belongs to the application `clientId` and returns its user.
 * @throws AuthError `BITRIX24_AUTH_FAILED` when the portal refuses the token, `TOKEN_OF_ANOTHER_APP` when it
 * was issued to another application, `BITRIX24_PROFILE_EMPTY` for an inactive user.
 */
export async function verifyUserToken(portal: Portal, clientId: string): Promise<TokenHolder> {
  const answers = await portal.batch<unknown>({ app: ['app.info'], profile: ['profile'] })
  const app = appInfoResult.safeParse(resultOf(answers['app']!))
  if (!app.success || (app.data.client_id ?? app.data.CODE) !== clientId) {
    throw new AuthError('TOKEN_OF_ANOTHER_APP', 'The token was not issued to this application')
  }
  const profile = profileResult.safeParse(resultOf(answers['profile']!))
  if (!profile.success) throw new AuthError('BITRIX24_PROFILE_EMPTY', 'The portal does not name the token holder')
  const { ID, ADMIN, NAME, LAST_NAME } = profile.data
  return { userId: ID, isAdmin: ADMIN === true, name: [NAME, LAST_NAME].filter(Boolean).join(' ') }
}
