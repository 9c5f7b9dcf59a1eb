/**
 * Token checks cannot be turned into load on a portal: floods of random bearer tokens cost the sandbox portal
 * a bounded number of REST calls, a refused token is not asked about again, and real users still get in.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let harness: ApprovalHarness
beforeAll(async () => {
  harness = await startApprovalHarness()
})
afterAll(() => harness.close())

const restCalls = () => harness.sandbox.restLog().length

function me(token: string, address: string) {
  return harness.server.app.request('/api/app/me', {
    headers: {
      authorization: `Bearer ${token}`,
      'x-b24-member-id': harness.sandbox.memberId,
      'x-forwarded-for': `${address}, 10.0.0.1`,
    },
  })
}

const randomToken = () => randomBytes(16).toString('hex')

describe('SPA token checks', () => {
  it('queues a burst of 50 real users behind one address instead of refusing any', async () => {
    const users = harness.addUsers(50)
    const before = restCalls()
    const answers = await Promise.all(users.map((id) => me(harness.sandbox.issueTokens(id).access_token, '192.0.2.1')))
    expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 200))
    expect(restCalls() - before).toBe(50)
  })

  it('asks the portal about a refused token once, however often it comes back', async () => {
    const token = randomToken()
    const before = restCalls()
    const statuses = []
    for (let i = 0; i < 10; i += 1) statuses.push((await me(token, '198.51.100.1')).status)
    expect(statuses).toEqual(Array(10).fill(401))
    expect(restCalls() - before).toBe(1)
  })

  it('caps the checks one address causes: 60 random tokens at once make at most 20 portal calls', async () => {
    const before = restCalls()
    const answers = await Promise.all(Array.from({ length: 60 }, () => me(randomToken(), '203.0.113.7')))
    const statuses = answers.map((answer) => answer.status)
    expect(restCalls() - before).toBeLessThanOrEqual(20)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(40)
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true)
    const throttled = answers.find((answer) => answer.status === 429)!
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await throttled.json()).error.code).toBe('VERIFICATION_THROTTLED')
    // A real user elsewhere is not affected.
    const real = await me(harness.sandbox.issueTokens(2).access_token, '192.0.2.44')
    expect(real.status).toBe(200)
  })

  it('rations a portal flooded from many addresses, and a real user still gets in after Retry-After', async () => {
    const before = restCalls()
    const flood = await Promise.all(Array.from({ length: 120 }, (_, i) => me(randomToken(), `100.64.${i}.9`)))
    expect(flood.every((answer) => answer.status === 401 || answer.status === 429)).toBe(true)
    // 10 run at once; 30 refusals a minute open the ration, then about one check a second: far below 120.
    expect(restCalls() - before).toBeLessThanOrEqual(45)
    const token = harness.sandbox.issueTokens(3).access_token
    let answer = await me(token, '192.0.2.45')
    for (let attempt = 0; answer.status === 429 && attempt < 3; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, Number(answer.headers.get('retry-after')) * 1000))
      answer = await me(token, '192.0.2.45')
    }
    expect(answer.status).toBe(200)
    expect((await answer.json()).user.id).toBe(3)
  })
})
