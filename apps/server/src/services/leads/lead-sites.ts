/**
 * @module The portal's websites that send leads (issue 20): one document per portal with every site (changed by
 * compare-and-set), and a global key → member_id document so `POST /api/leads/:siteKey` finds the portal.
 */
import { randomBytes } from 'node:crypto'
import { MAX_SITES, type LeadSite, type SiteInput } from '../../domain/leads/index.ts'
import { ConflictError, NotFoundError } from '../../ports/errors.ts'
import type { Clock } from '../../ports/clock.ts'
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'

/** What the site use cases need. */
export interface SiteDeps {
  store: Store
  clock: Clock
}

const sitesKey = (memberId: string) => tenantKey(memberId, 'lead-sites')
const siteOwnerKey = (siteKey: string) => globalKey('lead-site', siteKey)

/** A new site key: 128 random bits, base64url (22 characters). */
export function newSiteKey(): string {
  return randomBytes(16).toString('base64url')
}

/** Every site of the portal, in the order they were added. */
export async function listSites(store: Store, memberId: string): Promise<LeadSite[]> {
  return (await store.get<LeadSite[]>(sitesKey(memberId)))?.value ?? []
}

/** The site `siteKey` and its portal, or null for an unknown key. */
export async function findSite(store: Store, siteKey: string): Promise<{ memberId: string; site: LeadSite } | null> {
  const owner = (await store.get<{ memberId: string }>(siteOwnerKey(siteKey)))?.value
  if (!owner) return null
  const site = (await listSites(store, owner.memberId)).find((s) => s.key === siteKey)
  return site ? { memberId: owner.memberId, site } : null
}

async function changeSites(store: Store, memberId: string, change: (sites: LeadSite[]) => LeadSite[]) {
  for (;;) {
    const stored = await store.get<LeadSite[]>(sitesKey(memberId))
    const next = change(stored?.value ?? [])
    if ((await store.compareAndSet(sitesKey(memberId), next, stored?.version ?? 0)) !== null) return next
  }
}

/** Adds a site with a new key. @throws ConflictError `TOO_MANY_SITES` past {@link MAX_SITES}. */
export async function addSite(deps: SiteDeps, memberId: string, input: SiteInput): Promise<LeadSite> {
  const at = new Date(deps.clock.now()).toISOString()
  const site: LeadSite = { ...input, key: newSiteKey(), createdAt: at, updatedAt: at }
  await changeSites(deps.store, memberId, (sites) => {
    if (sites.length >= MAX_SITES) throw new ConflictError('TOO_MANY_SITES', `At most ${MAX_SITES} websites`)
    return [...sites, site]
  })
  await deps.store.put(siteOwnerKey(site.key), { memberId })
  return site
}

/** Replaces a site's settings (its key stays). @throws NotFoundError `SITE_NOT_FOUND`. */
export async function updateSite(deps: SiteDeps, memberId: string, key: string, input: SiteInput): Promise<LeadSite> {
  let updated: LeadSite | undefined
  await changeSites(deps.store, memberId, (sites) =>
    sites.map((site) => {
      if (site.key !== key) return site
      updated = { ...site, ...input, updatedAt: new Date(deps.clock.now()).toISOString() }
      return updated
    }),
  )
  if (!updated) throw new NotFoundError('SITE_NOT_FOUND', 'No such website')
  return updated
}

/** Removes a site: its form is refused from now on; leads received before are still delivered. */
export async function removeSite(deps: SiteDeps, memberId: string, key: string): Promise<void> {
  let found = false
  await changeSites(deps.store, memberId, (sites) => {
    found = sites.some((site) => site.key === key)
    return sites.filter((site) => site.key !== key)
  })
  if (!found) throw new NotFoundError('SITE_NOT_FOUND', 'No such website')
  await deps.store.delete(siteOwnerKey(key))
}
