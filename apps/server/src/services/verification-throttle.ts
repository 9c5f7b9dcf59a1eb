/**
 * @module Rationing the token checks that cost a portal a REST call, so a flood of random bearer tokens cannot
 * be turned into load on a portal (or exhaust its rate budget) while real users keep getting in. All bounds live
 * in the store, so every instance shares them:
 * - a token the portal refused is refused again without asking, for a minute;
 * - at most `concurrentPerAddress` checks of one client address, and `concurrentPerPortal` of one portal, run at
 *   once; more wait for a free slot (a burst of real users is only queued, never refused);
 * - an address with `failuresPerAddress` refused tokens in a window is refused (429) for the rest of it;
 * - a portal with `failuresPerPortal` refused tokens in a window gets at most one check per `rationMs`, whoever
 *   asks (the SPA retries after `Retry-After`, so a real user still gets in within seconds).
 */
import { createHash } from 'node:crypto'
import { AuthError, RateLimitedError } from '../ports/errors.ts'
import { globalKey, tenantKey, type Store } from '../ports/store.ts'

/** The bounds of token verification. */
export interface VerificationLimits {
  /** Length of the counting window (ms). */
  windowMs: number
  /** Checks of one client address running at once. */
  concurrentPerAddress: number
  /** Checks of one portal running at once. */
  concurrentPerPortal: number
  /** Refused tokens from one address per window before it is refused. */
  failuresPerAddress: number
  /** Refused tokens of one portal per window before its checks are rationed. */
  failuresPerPortal: number
  /** While rationed, one check per this many ms for the portal. */
  rationMs: number
  /** How long a check waits for a free slot before it is refused (ms). */
  maxWaitMs: number
  /** How long a token the portal refused is refused without asking again (ms). */
  failedTokenTtlMs: number
}

/** The defaults: 5 and 10 checks at once, 10 and 30 refusals a minute, then one check a second. */
export const defaultVerificationLimits: VerificationLimits = {
  windowMs: 60_000,
  concurrentPerAddress: 5,
  concurrentPerPortal: 10,
  failuresPerAddress: 10,
  failuresPerPortal: 30,
  rationMs: 1_000,
  maxWaitMs: 10_000,
  failedTokenTtlMs: 60_000,
}

/** Who asks for a check: the portal, the token's hash and the client address (`unknown` when not known). */
export interface VerificationRequest {
  memberId: string
  tokenHash: string
  clientAddress: string
}

/** The remembered refusal of a token. */
interface FailedVerdict {
  code: string
  message: string
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The store keys of one request's counters. */
function keysOf(request: VerificationRequest) {
  const address = createHash('sha256').update(request.clientAddress).digest('hex').slice(0, 32)
  return {
    failedToken: tenantKey(request.memberId, 'frame-auth-failed', request.tokenHash),
    addressSlots: globalKey('verify-address', address, 'running'),
    addressFailures: globalKey('verify-address', address, 'failures'),
    portalSlots: tenantKey(request.memberId, 'verify-running'),
    portalFailures: tenantKey(request.memberId, 'verify-failures'),
    ration: tenantKey(request.memberId, 'verify-ration'),
  }
}

type Keys = ReturnType<typeof keysOf>

function throttled(retryAfterMs: number): RateLimitedError {
  return new RateLimitedError('VERIFICATION_THROTTLED', 'Too many sign-in checks; try again shortly', retryAfterMs)
}

/** Takes a slot under `key` (at most `cap` taken at once), waiting until `deadline`; false when none came. */
async function takeSlot(store: Store, key: string, cap: number, limits: VerificationLimits, deadline: number) {
  for (;;) {
    if ((await store.increment(key, 1, limits.windowMs)) <= cap) return true
    await store.increment(key, -1, limits.windowMs)
    if (Date.now() >= deadline) return false
    await pause(20 + Math.floor(Math.random() * 20))
  }
}

/** Takes one slot of the address and one of the portal, in that order. @throws RateLimitedError when none came. */
async function takeSlots(store: Store, limits: VerificationLimits, keys: Keys): Promise<void> {
  const deadline = Date.now() + limits.maxWaitMs
  if (!(await takeSlot(store, keys.addressSlots, limits.concurrentPerAddress, limits, deadline))) {
    throw throttled(limits.rationMs)
  }
  if (!(await takeSlot(store, keys.portalSlots, limits.concurrentPerPortal, limits, deadline))) {
    await store.increment(keys.addressSlots, -1, limits.windowMs)
    throw throttled(limits.rationMs)
  }
}

/**
 * Refuses when the address has used up its refusals. A portal that has used up its refusals allows one check
 * per ration: `takeRation` takes it (just before the REST call), otherwise a taken ration only refuses.
 */
async function checkFailures(store: Store, limits: VerificationLimits, keys: Keys, takeRation: boolean) {
  if ((await store.counter(keys.addressFailures)) >= limits.failuresPerAddress) throw throttled(limits.windowMs)
  if ((await store.counter(keys.portalFailures)) < limits.failuresPerPortal) return
  const rations = takeRation ? await store.increment(keys.ration, 1, limits.rationMs) : await store.counter(keys.ration)
  if (rations > (takeRation ? 1 : 0)) throw throttled(limits.rationMs)
}

/**
 * Runs `check` (the REST call that verifies a token) within the bounds above, and remembers a refusal.
 * @throws AuthError the remembered refusal of this token (no REST call); RateLimitedError `VERIFICATION_THROTTLED`
 * (429, with `retryAfterMs`) when a bound is reached (no REST call); whatever `check` throws.
 */
export async function throttledVerification<T>(
  store: Store,
  limits: VerificationLimits,
  request: VerificationRequest,
  check: () => Promise<T>,
): Promise<T> {
  const keys = keysOf(request)
  const failed = await store.getTemp<FailedVerdict>(keys.failedToken)
  if (failed) throw new AuthError(failed.code, failed.message)
  await checkFailures(store, limits, keys, false)
  await takeSlots(store, limits, keys)
  try {
    // Refusals may have piled up while this check waited for its slot.
    await checkFailures(store, limits, keys, true)
    return await check()
  } catch (error) {
    if (error instanceof AuthError) {
      await store.increment(keys.addressFailures, 1, limits.windowMs)
      await store.increment(keys.portalFailures, 1, limits.windowMs)
      await store.putIfAbsent(keys.failedToken, { code: error.code, message: error.message }, limits.failedTokenTtlMs)
    }
    throw error
  } finally {
    await store.increment(keys.portalSlots, -1, limits.windowMs)
    await store.increment(keys.addressSlots, -1, limits.windowMs)
  }
}
