/**
 * @module Wires the profile sync (issue #19): Telegram ids and leavers from the Bitrix24 profiles, on
 * `ONUSERADD` / `ONUSERUPDATE` (registered in the Bitrix24 inbox) and by the cron tick's paged poll.
 */
import type { Config } from '../config.ts'
import type { Messenger } from '../ports/messenger.ts'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import type { InboxEvent } from '../services/event-inbox.ts'
import { loadPortalRecord } from '../services/portal-records.ts'
import { pollProfiles, syncUser, type ProfileSyncDeps } from '../services/telegram/profile-sync.ts'
import { webhookPortalAddress } from '../services/webhook-portal.ts'
import type { Bitrix24Services } from './bitrix24.ts'

/** The user's id in a user event: `data[ID]` (as the events carry the user's fields) or `data[FIELDS][ID]`. */
function userIdOf(event: InboxEvent): number | null {
  const data = (event.data ?? {}) as { ID?: unknown; FIELDS?: { ID?: unknown } }
  const id = Number(data.ID ?? data.FIELDS?.ID)
  return Number.isSafeInteger(id) && id > 0 ? id : null
}

/** Builds the sync and registers its event handlers; undefined when no Bitrix24 mode is configured. */
export function wireProfiles(wiring: {
  config: Config['bitrix24']
  bitrix24: Bitrix24Services
  approvals: ActionDeps
  messenger: Messenger | undefined
}): { deps: ProfileSyncDeps; tick: () => Promise<number> } | undefined {
  const { config, bitrix24, approvals } = wiring
  if (!bitrix24.directory || config.mode === 'none') return undefined
  const portalDomain =
    config.mode === 'webhook'
      ? async () => webhookPortalAddress(config.webhookUrl).domain
      : async (memberId: string) => (await loadPortalRecord(approvals.store, memberId))?.value.domain ?? memberId
  const deps: ProfileSyncDeps = {
    ...{ store: approvals.store, clock: approvals.clock, directory: bitrix24.directory },
    ...{ messenger: wiring.messenger, actions: approvals, portalDomain },
  }
  const onUserEvent = async (event: InboxEvent) => {
    const userId = userIdOf(event)
    if (userId !== null) await syncUser(deps, event.memberId, userId)
  }
  for (const code of ['ONUSERADD', 'ONUSERUPDATE']) {
    if (!bitrix24.inbox.handlers.has(code)) bitrix24.inbox.handlers.set(code, onUserEvent)
  }
  return { deps, tick: () => pollProfiles(deps) }
}
