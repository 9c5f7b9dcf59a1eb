import { describe, expect, it } from 'vitest'
import { approvalIdOfHash, usePortalLink } from './portal-link.ts'

describe('approvalIdOfHash', () => {
  it.each([
    ['#/approvals/01JABC', '01JABC'],
    ['#/approvals/01JABC?x=1', '01JABC'],
    ['#/approvals/new', 'new'],
    ['#/approvals/../x', null],
    ['#/settings', null],
    ['', null],
  ])('%j → %j', (hash, id) => {
    expect(approvalIdOfHash(hash)).toBe(id)
  })
})

describe('usePortalLink', () => {
  it('asks the server for the portal link of the approval in the address', async () => {
    const asked: string[] = []
    const fetch = (async (input: RequestInfo | URL) => {
      asked.push(String(input))
      return Response.json({ url: 'http://127.0.0.1:9001/marketplace/view/local.x/?params%5Bapproval%5D=A1' })
    }) as typeof globalThis.fetch
    const link = usePortalLink({ baseUrl: 'http://app.test', hash: '#/approvals/A1', fetch })
    await link.load()
    expect(asked).toEqual(['http://app.test/api/b24/portal-link?approval=A1'])
    expect(link.url.value).toBe('http://127.0.0.1:9001/marketplace/view/local.x/?params%5Bapproval%5D=A1')
  })

  it('keeps no link when the server has none or fails', async () => {
    const none = (async () => Response.json({ url: null })) as typeof globalThis.fetch
    const failing = (async () => new Response('{}', { status: 503 })) as typeof globalThis.fetch
    for (const fetch of [none, failing]) {
      const link = usePortalLink({ baseUrl: 'http://app.test', hash: '', fetch })
      await link.load()
      expect(link.url.value).toBeNull()
    }
  })
})
