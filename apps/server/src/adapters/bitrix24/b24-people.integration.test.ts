/**
 * The people facet against the Bitrix24 sandbox: every active user over several pages (the SDK's `callList`,
 * `start=-1` and the `>ID` cursor), every department over several `start` pages, heads and departments mapped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../../../../sandbox/src/bitrix24/index.ts'
import type { Portal } from '../../ports/portal.ts'
import { createB24OAuthConnector } from './b24-oauth-connector.ts'

let sandbox: Bitrix24Sandbox
let portal: Portal
const extraUsers = 120
const extraDepartments = 70

beforeAll(async () => {
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
  await sandbox.install({ openInstallPage: false })
  const state = sandbox.portal.state
  const firstDepartment = Math.max(...state.departments.map((d) => d.ID)) + 1
  for (let i = 0; i < extraDepartments; i += 1) {
    const ID = firstDepartment + i
    state.departments.push({ ID, NAME: `Отдел ${ID}`, PARENT: 1, UF_HEAD: 1, SORT: 500 })
  }
  const firstUser = Math.max(...state.users.map((u) => u.ID)) + 1
  for (let i = 0; i < extraUsers; i += 1) {
    const ID = firstUser + i
    state.users.push({
      ...{ ID, ACTIVE: i % 10 !== 0, NAME: `Имя${ID}`, LAST_NAME: `Фамилия${ID}`, SECOND_NAME: '' },
      ...{ EMAIL: `u${ID}@example.com`, WORK_POSITION: 'Инженер', UF_DEPARTMENT: [firstDepartment + (i % 70)] },
      ...{
        IS_ADMIN: false,
        PERSONAL_GENDER: '',
        LANGUAGE_ID: 'ru',
        DATE_REGISTER: '2026-01-01T00:00:00+03:00',
        UF: {},
      },
    })
  }
  const tokens = sandbox.issueTokens(1)
  const pair = {
    ...{ accessToken: tokens.access_token, refreshToken: tokens.refresh_token },
    ...{ expiresAt: tokens.expires * 1000, userId: 1, scope: tokens.scope },
  }
  const address = { memberId: sandbox.memberId, domain: sandbox.domain, clientEndpoint: sandbox.restUrl }
  const connector = createB24OAuthConnector({ clientId: sandbox.app.clientId, restrictionParams: { maxRetries: 1 } })
  portal = connector.forPortal(address, { current: async () => pair, refresh: async () => pair })
})
afterAll(async () => {
  await sandbox.close()
})

describe('B24 people', () => {
  it('reads every active user and every department, page after page', async () => {
    const state = sandbox.portal.state
    const before = sandbox.restLog().length
    const people = await portal.people.read()
    const active = state.users.filter((u) => u.ACTIVE)
    expect(active.length).toBeGreaterThan(100)
    expect(people.users.map((u) => u.id).sort((a, b) => a - b)).toEqual(active.map((u) => u.ID).sort((a, b) => a - b))
    expect(people.org.departments).toHaveLength(state.departments.length)
    const last = state.users.at(-1)!
    expect(people.users.find((u) => u.id === last.ID)).toEqual({
      ...{ id: last.ID, name: `${last.NAME} ${last.LAST_NAME}`, position: 'Инженер' },
      departmentIds: last.UF_DEPARTMENT,
    })
    expect(people.org.departments.at(-1)).toMatchObject({ parentId: 1, headId: 1 })
    const log = sandbox.restLog().slice(before)
    const userPages = log.filter((e) => e.method === 'user.get')
    expect(userPages.length).toBe(Math.ceil(active.length / 50) + (active.length % 50 === 0 ? 1 : 0))
    expect(userPages.every((e) => (e.params as { start?: unknown }).start === -1)).toBe(true)
    expect(
      log.filter((e) => e.method === 'department.get').map((e) => (e.params as { start?: unknown }).start),
    ).toEqual(Array.from({ length: Math.ceil((state.departments.length + 1) / 50) }, (_, i) => i * 50))
  })

  it('lists every user for the users page, dismissed ones marked inactive', async () => {
    const state = sandbox.portal.state
    const roster = await portal.people.roster()
    expect(roster.map((u) => u.id).sort((a, b) => a - b)).toEqual(state.users.map((u) => u.ID).sort((a, b) => a - b))
    const dismissed = state.users.filter((u) => !u.ACTIVE).map((u) => u.ID)
    expect(dismissed.length).toBeGreaterThan(10)
    expect(
      roster
        .filter((u) => !u.isActive)
        .map((u) => u.id)
        .sort((a, b) => a - b),
    ).toEqual(dismissed)
  })
})
