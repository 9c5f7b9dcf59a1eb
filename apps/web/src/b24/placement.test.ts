import { describe, expect, it } from 'vitest'
import { isInsideBitrix24 } from './frame.ts'
import { startRouteOf } from './placement.ts'

describe('startRouteOf', () => {
  it.each([
    ['CRM_DEAL_DETAIL_TAB', { ID: '17' }, '/crm/deal/17'],
    ['CRM_LEAD_DETAIL_TAB', { ID: 5 }, '/crm/lead/5'],
    ['CRM_DEAL_DETAIL_TAB', {}, null],
    ['CRM_DEAL_DETAIL_TAB', { ID: 'abc' }, null],
    ['DEFAULT', { ID: '17' }, null],
    ['REST_APP_URI', { approval: '01JABCDEF' }, '/approvals/01JABCDEF'],
    ['REST_APP_URI', { approval: '../settings' }, null],
    ['REST_APP_URI', { approval: 5 }, null],
    ['REST_APP_URI', {}, null],
  ])('%s with %j opens %s', (placement, options, route) => {
    expect(startRouteOf(placement, options)).toBe(route)
  })
})

describe('isInsideBitrix24', () => {
  it.each([
    ['portal.bitrix24.ru|1|APPSID123', true],
    ['127.0.0.1:8788|0|abc', true],
    ['', false],
    ['appframe', false],
    ['portal.bitrix24.ru|1|', false],
  ])('window.name %j → %s', (name, expected) => {
    expect(isInsideBitrix24(name)).toBe(expected)
  })
})
