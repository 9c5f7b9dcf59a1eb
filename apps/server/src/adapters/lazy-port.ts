/**
 * @module A port whose adapter is built on first use. Serverless entry points build the app synchronously at import
 * time; an adapter with a heavy dependency (a database driver, an SDK) is loaded by the first call that needs it,
 * so a request that never touches it never pays for loading it.
 */

/**
 * A stand-in for the adapter `load` resolves to: every method call waits for `load` (run once, on the first call)
 * and is forwarded to the adapter. Only for ports whose methods all return promises; plain values the stand-in
 * must answer without loading go in `known`. A failed load is retried by the next call instead of being cached.
 */
export function lazyPort<T extends object>(load: () => Promise<T>, known: Partial<T> = {}): T {
  let pending: Promise<T> | undefined
  const loaded = () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined
      throw error
    }))
  return new Proxy(known as T, {
    get(_target, property) {
      if (Object.hasOwn(known, property)) return known[property as keyof T]
      // Not a thenable: awaiting the stand-in must not call `then` on the adapter.
      if (property === 'then') return undefined
      return (...args: unknown[]) =>
        loaded().then((port) => (port[property as keyof T] as (...a: unknown[]) => unknown)(...args))
    },
  })
}
