import { describe, expect, it } from 'vitest'
import { toError, useRequestState } from './request-state.ts'

/** A promise settled by hand. */
function deferred() {
  let resolve!: () => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)))
  return { promise, resolve, reject }
}

describe('useRequestState', () => {
  it('is loading while the work runs and resolves true when it succeeds', async () => {
    const { isLoading, error, guarded } = useRequestState()
    const work = deferred()
    const done = guarded(() => work.promise)
    expect(isLoading.value).toBe(true)
    work.resolve()
    expect(await done).toBe(true)
    expect(isLoading.value).toBe(false)
    expect(error.value).toBeNull()
  })

  it('keeps what the work threw as an Error and resolves false', async () => {
    const { isLoading, error, guarded } = useRequestState()
    expect(await guarded(() => Promise.reject('offline'))).toBe(false)
    expect(error.value).toEqual(new Error('offline'))
    expect(isLoading.value).toBe(false)
  })

  it('clears the last error when the work runs again', async () => {
    const { error, guarded } = useRequestState()
    await guarded(() => Promise.reject(new Error('first')))
    expect(await guarded(() => Promise.resolve())).toBe(true)
    expect(error.value).toBeNull()
  })

  it('lets the latest of overlapping calls own isLoading and error, and tells the older one it was overtaken', async () => {
    const { isLoading, error, guarded } = useRequestState()
    const older = deferred()
    const newer = deferred()
    const seen: boolean[] = []
    const first = guarded(async (isCurrent) => {
      await older.promise.finally(() => seen.push(isCurrent()))
    })
    const second = guarded(() => newer.promise)
    older.reject(new Error('stale'))
    expect(await first).toBe(false)
    expect(seen).toEqual([false])
    expect(error.value).toBeNull()
    expect(isLoading.value).toBe(true)
    newer.resolve()
    expect(await second).toBe(true)
    expect(isLoading.value).toBe(false)
  })
})

describe('toError', () => {
  it('keeps an Error and wraps anything else', () => {
    const original = new TypeError('x')
    expect(toError(original)).toBe(original)
    expect(toError(42)).toEqual(new Error('42'))
  })
})
