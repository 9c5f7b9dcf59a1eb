/**
 * @module Portal counts for `/api/health`: how many portals are connected, which need re-authorization
 * (member_id and domain only, never a secret).
 */
import type { Store } from '../ports/store.ts'
import { loadPortalRecord, portalStatusIndex } from './portal-records.ts'

/** The portal part of the health answer. */
export interface PortalHealth {
  connected: number
  needsReauthorization: { memberId: string; domain: string }[]
}

/** Reads the status indexes (at most 50 portals needing re-authorization are named). */
export async function portalHealth(store: Store): Promise<PortalHealth> {
  const connected = await store.indexSize(portalStatusIndex('connected'))
  const page = await store.indexPage(portalStatusIndex('needs_reauthorization'), { limit: 50 })
  const needsReauthorization = []
  for (const { member } of page.entries) {
    const record = await loadPortalRecord(store, member)
    needsReauthorization.push({ memberId: member, domain: record?.value.domain ?? '' })
  }
  return { connected, needsReauthorization }
}
