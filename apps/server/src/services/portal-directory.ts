/**
 * @module Which {@link Portal} client serves a member_id: in app mode the stored portal's `B24OAuth` client with
 * the single-flight token source; in webhook mode the one `B24Hook` portal.
 */
import { AuthError } from '../ports/errors.ts'
import type { Portal, PortalConnector } from '../ports/portal.ts'
import { createPortalTokenSource, type PortalTokenDeps } from './portal-tokens.ts'
import { loadPortalRecord, portalAddress } from './portal-records.ts'

/** Finds the REST client of a connected portal. */
export interface PortalDirectory {
  /**
   * The client of the portal `memberId`.
   * @throws AuthError `PORTAL_NOT_CONNECTED` when the portal is not installed (no outbound request is made).
   */
  portal(memberId: string): Promise<Portal>
  /**
   * The portal `memberId` as the holder of `accessToken` (a user's own token) sees it, so Bitrix24's access
   * rights for that user apply; webhook mode has no user tokens and answers with the webhook's portal.
   * @throws AuthError `PORTAL_NOT_CONNECTED` when the portal is not installed.
   */
  forUser(memberId: string, accessToken: string): Promise<Portal>
}

/** The app-mode directory: stored records, one cached client per portal (see {@link PortalConnector}). */
export function createOAuthPortalDirectory(deps: PortalTokenDeps & { connector: PortalConnector }): PortalDirectory {
  const addressOf = async (memberId: string) => {
    const record = await loadPortalRecord(deps.store, memberId)
    if (!record || record.value.status === 'uninstalled') {
      throw new AuthError('PORTAL_NOT_CONNECTED', 'The portal has not installed the app')
    }
    return portalAddress(record.value)
  }
  return {
    async portal(memberId) {
      return deps.connector.forPortal(await addressOf(memberId), createPortalTokenSource(deps, memberId))
    },
    async forUser(memberId, accessToken) {
      return deps.connector.forUserToken(await addressOf(memberId), accessToken)
    },
  }
}

/** The webhook-mode directory: one portal, reached through its incoming webhook. */
export function createWebhookPortalDirectory(portal: Portal): PortalDirectory {
  return { portal: async () => portal, forUser: async () => portal }
}
