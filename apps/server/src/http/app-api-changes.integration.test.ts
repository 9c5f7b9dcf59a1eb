/**
 * `GET /api/app/changes` (issue 23, live updates): the portal's approval change stamp with an ETag; a conditional
 * request answers an empty 304 while nothing changed, and a new stamp once an approval changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(async () => {
  await h.close()
})

async function changes(ifNoneMatch?: string) {
  const token = h.sandbox.issueTokens(3).access_token
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-b24-member-id': h.sandbox.memberId }
  if (ifNoneMatch) headers['if-none-match'] = ifNoneMatch
  return h.server.app.request('/api/app/changes', { headers })
}

describe('the change stamp', () => {
  it('answers 304 to a conditional request while nothing changed, and the new stamp after a change', async () => {
    const first = await changes()
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')!
    const { stamp } = (await first.json()) as { stamp: number }
    expect(etag).toBe(`"${stamp}"`)

    const unchanged = await changes(etag)
    expect(unchanged.status).toBe(304)
    expect(await unchanged.text()).toBe('')
    expect(unchanged.headers.get('etag')).toBe(etag)

    const stages = [{ approverIds: [2], rule: { kind: 'all' } }]
    expect((await h.api(3, 'POST', '/api/app/approvals', { title: 'Stamp probe', stages })).status).toBe(201)
    const changed = await changes(etag)
    expect(changed.status).toBe(200)
    expect(((await changed.json()) as { stamp: number }).stamp).toBeGreaterThan(stamp)
  })

  it('needs the same authentication as every SPA route', async () => {
    const response = await h.server.app.request('/api/app/changes')
    expect(response.status).toBe(401)
  })
})
