/**
 * @module A Store that opens its adapter on first use. Serverless entry points build the app synchronously at
 * import time; the connection is made by the first request and shared by the ones after it.
 */
import type { Store } from '../../ports/store.ts'
import { lazyPort } from '../lazy-port.ts'

/**
 * Wraps `open` so the store is opened once, on the first call of any method. A failed open is retried by the
 * next call instead of being cached.
 */
export function lazyStore(kind: Store['kind'], open: () => Promise<Store>): Store {
  return lazyPort(open, { kind })
}
