/**
 * The lazy stand-ins: nothing is loaded until a method is called, the load runs once and is shared, a failed load
 * is retried, and a loaded connector is used directly.
 */
import { describe, expect, it, vi } from 'vitest'
import type { Portal, PortalAddress, PortalConnector, PortalTokenSource } from '../ports/portal.ts'
import { lazyConnector, lazyPortal } from './bitrix24/lazy-portal.ts'
import { lazyPort } from './lazy-port.ts'

interface Counter {
  kind: string
  add(n: number): Promise<number>
}

function counter(): Counter {
  let total = 0
  return { kind: 'counter', add: async (n) => (total += n) }
}

describe('lazyPort', () => {
  it('loads on the first call, once, and forwards every call', async () => {
    const load = vi.fn(async () => counter())
    const port = lazyPort(load, { kind: 'counter' })
    expect(port.kind).toBe('counter')
    expect(load).not.toHaveBeenCalled()
    expect(await Promise.all([port.add(1), port.add(2)])).toEqual([1, 3])
    expect(await port.add(3)).toBe(6)
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('is not a thenable, so awaiting it loads nothing', async () => {
    const load = vi.fn(async () => counter())
    const port = lazyPort(load)
    expect(await Promise.resolve(port)).toBe(port)
    expect(load).not.toHaveBeenCalled()
  })

  it('retries a failed load on the next call', async () => {
    const load = vi.fn<() => Promise<Counter>>().mockRejectedValueOnce(new Error('down'))
    load.mockImplementation(async () => counter())
    const port = lazyPort(load)
    await expect(port.add(1)).rejects.toThrow('down')
    expect(await port.add(1)).toBe(1)
    expect(load).toHaveBeenCalledTimes(2)
  })
})

const address: PortalAddress = { memberId: 'm1', domain: 'p.example', clientEndpoint: 'https://p.example/rest/' }
const tokens = {} as PortalTokenSource

function fakePortal(name: string): Portal {
  const part = { read: async () => name, isInstallFinished: async () => name === 'ready' }
  return { writeBack: part, people: part, app: part, notifications: part, bindings: part } as unknown as Portal
}

describe('lazyPortal', () => {
  it('loads the portal once, by the first call of any part', async () => {
    const load = vi.fn(async () => fakePortal('ready'))
    const portal = lazyPortal(load)
    expect(load).not.toHaveBeenCalled()
    expect(await portal.app.isInstallFinished()).toBe(true)
    expect(await portal.people.read()).toBe('ready')
    expect(load).toHaveBeenCalledTimes(1)
  })
})

describe('lazyConnector', () => {
  it('loads the connector with the first portal used, then hands out its portals directly', async () => {
    const cached = fakePortal('ready')
    const forget = vi.fn()
    const real: PortalConnector = { forPortal: () => cached, forUserToken: () => cached, forget }
    const load = vi.fn(async () => real)
    const connector = lazyConnector(load)
    connector.forget('m1')
    const first = connector.forPortal(address, tokens)
    expect(load).not.toHaveBeenCalled()
    expect(first).not.toBe(cached)
    expect(await first.app.isInstallFinished()).toBe(true)
    expect(connector.forPortal(address, tokens)).toBe(cached)
    connector.forget('m1')
    expect(forget).toHaveBeenCalledTimes(1)
    expect(load).toHaveBeenCalledTimes(1)
  })
})
