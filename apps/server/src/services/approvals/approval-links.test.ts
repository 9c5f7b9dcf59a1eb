/** Links to approvals: the portal's REST_APP_URI link, its full address, the fallbacks, and the outside page's entry. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import type { Store } from '../../ports/store.ts'
import { indexPortalStatus, portalKey, type PortalRecord } from '../portal-records.ts'
import { approvalLinks, portalEntryUrl, restAppUriPath } from './approval-links.ts'

let store: Store
beforeEach(() => {
  store = openSqliteStore({ file: ':memory:' })
})
afterEach(async () => {
  await store.close()
})

async function addPortal(memberId: string, clientEndpoint: string) {
  const record = { memberId, domain: new URL(clientEndpoint).host, clientEndpoint } as PortalRecord
  await store.put(portalKey(memberId), record)
  await indexPortalStatus(store, memberId, 'connected', 1)
}

const app = { appUrl: 'https://app.example', appCode: 'local.abc.123' }

describe('approval links', () => {
  it('writes the REST_APP_URI path with its brackets encoded, so a BB-code tag cannot end inside it', () => {
    expect(restAppUriPath('local.abc.123', '01JABC')).toBe(
      '/marketplace/view/local.abc.123/?params%5Bapproval%5D=01JABC',
    )
  })

  it('puts the portal’s own address in front for Telegram', async () => {
    await addPortal('m1', 'https://firm.bitrix24.ru/rest/')
    const links = await approvalLinks(store, app, 'm1')
    expect(links.inPortal('A1')).toBe('/marketplace/view/local.abc.123/?params%5Bapproval%5D=A1')
    expect(links.full('A1')).toBe('https://firm.bitrix24.ru/marketplace/view/local.abc.123/?params%5Bapproval%5D=A1')
  })

  it('falls back to the app’s own address without an app code or a known portal', async () => {
    const webhook = await approvalLinks(
      store,
      { ...app, appCode: null, portalUrl: 'https://f.bitrix24.ru/rest/1/x/' },
      'm',
    )
    expect(webhook.inPortal('A1')).toBe('https://app.example/#/approvals/A1')
    expect((await approvalLinks(store, app, 'unknown')).full('A1')).toBe('https://app.example/#/approvals/A1')
  })

  it('sends the outside page into the one portal served, and nowhere when there are several', async () => {
    expect(await portalEntryUrl(store, app, 'A1')).toBeNull()
    await addPortal('m1', 'http://127.0.0.1:8788/rest/')
    expect(await portalEntryUrl(store, app, 'A1')).toBe(
      'http://127.0.0.1:8788/marketplace/view/local.abc.123/?params%5Bapproval%5D=A1',
    )
    expect(await portalEntryUrl(store, app, null)).toBe('http://127.0.0.1:8788')
    await addPortal('m2', 'https://other.bitrix24.ru/rest/')
    expect(await portalEntryUrl(store, app, 'A1')).toBeNull()
    const webhook = { ...app, appCode: null, portalUrl: 'https://f.bitrix24.ru/rest/1/x/' }
    expect(await portalEntryUrl(store, webhook, 'A1')).toBe('https://f.bitrix24.ru')
  })
})
