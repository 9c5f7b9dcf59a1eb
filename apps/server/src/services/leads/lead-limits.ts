/**
 * @module Rate limits of the lead intake (issue 20): fixed windows per client address and per site, counted in
 * the store so every instance shares them. Past a limit the answer is 429 with `Retry-After`.
 */
import { RateLimitedError } from '../../ports/errors.ts'
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'

/** Submissions allowed per window. */
export interface LeadLimits {
  perAddress: { count: number; windowMs: number }
  perSite: { count: number; windowMs: number }
  /** Staged file chunks per address (five 10 MB files are 100 chunks). */
  chunksPerAddress: { count: number; windowMs: number }
}

/** The defaults: 10 per address per 10 minutes, 300 per site per minute, 300 chunks per address per 10 minutes. */
export const defaultLeadLimits: LeadLimits = {
  perAddress: { count: 10, windowMs: 10 * 60_000 },
  perSite: { count: 300, windowMs: 60_000 },
  chunksPerAddress: { count: 300, windowMs: 10 * 60_000 },
}

async function within(store: Store, key: string, limit: { count: number; windowMs: number }, now: number) {
  const window = Math.floor(now / limit.windowMs)
  const used = await store.increment(`${key}:${window}`, 1, limit.windowMs)
  if (used > limit.count) {
    const retryAfterMs = (window + 1) * limit.windowMs - now
    throw new RateLimitedError('TOO_MANY_SUBMISSIONS', 'Too many submissions, try again later', retryAfterMs)
  }
}

/** Counts one submission from `address` to the site. @throws RateLimitedError past either limit. */
export async function countSubmission(
  store: Store,
  limits: LeadLimits,
  target: { memberId: string; siteKey: string; address: string; now: number },
): Promise<void> {
  await within(store, globalKey('lead-rate', 'addr', target.address), limits.perAddress, target.now)
  await within(store, tenantKey(target.memberId, 'lead-rate', target.siteKey), limits.perSite, target.now)
}

/** Counts one staged chunk from `address`. @throws RateLimitedError past the limit. */
export async function countChunk(store: Store, limits: LeadLimits, target: { address: string; now: number }) {
  await within(store, globalKey('lead-rate', 'chunk', target.address), limits.chunksPerAddress, target.now)
}
