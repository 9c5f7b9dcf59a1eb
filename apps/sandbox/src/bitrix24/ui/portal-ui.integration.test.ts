import { request, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { PORTAL_USER_COOKIE } from '../oauth/token-server.ts'
import { restAsApp } from '../../test-support/portal-browser.ts'

let sandbox: Bitrix24Sandbox

beforeAll(async () => {
  sandbox = await createBitrix24Sandbox({ appUrl: 'http://127.0.0.1:9', rateLimit: false })
})

afterAll(async () => {
  await sandbox?.close()
})

const get = (path: string, init: RequestInit = {}) => fetch(`${sandbox.url}${path}`, { redirect: 'manual', ...init })

describe('portal UI over HTTP', () => {
  it('renders the app frame: iframe name DOMAIN|PROTOCOL|APP_SID and a hidden POST form targeting it', async () => {
    const page = await (await get(`/marketplace/app/${sandbox.app.clientId}/`)).text()
    const name = /<iframe id="appframe_([0-9a-f]{32})" name="([^"]+)"/.exec(page)
    expect(name?.[2]).toBe(`${sandbox.domain}|0|${name?.[1]}`)
    const form = /<form id="appform_[0-9a-f]{32}" method="POST" action="([^"]+)" target="([^"]+)"/.exec(page)
    expect(form?.[2]).toBe(name?.[2])
    expect(form?.[1]?.replaceAll('&amp;', '&')).toBe(
      `http://127.0.0.1:9/api/b24/install?DOMAIN=${encodeURIComponent(sandbox.domain)}&PROTOCOL=0&LANG=ru&APP_SID=${name?.[1]}`,
    )
    for (const field of ['AUTH_ID', 'AUTH_EXPIRES', 'REFRESH_ID', 'member_id', 'status', 'PLACEMENT']) {
      expect(page).toContain(`name="${field}"`)
    }
  })

  it('keeps values inside the layout config script from closing it', async () => {
    sandbox.setAppOption('note', '</script><script>alert(1)</script>')
    const page = await (await get(`/marketplace/app/${sandbox.app.clientId}/`)).text()
    expect(page).not.toContain('<script>alert(1)')
    expect(page).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>')
  })

  it('tells a non-administrator that the app is not fully installed yet', async () => {
    const headers = { cookie: `${PORTAL_USER_COOKIE}=3` }
    const page = await (await get(`/marketplace/app/${sandbox.app.clientId}/`, { headers })).text()
    expect(page).toContain('Приложение ещё не установлено полностью')
    expect(page).not.toContain('<iframe')
  })

  it('redirects a page opened under another host name to the portal address', async () => {
    // fetch() refuses to set Host; node:http sends it as given.
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const { hostname, port } = new URL(sandbox.url)
      request({ hostname, port, path: '/crm/deal/?category=1', headers: { host: 'localhost:1' } }, resolve)
        .on('error', reject)
        .end()
    })
    response.resume()
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe(`${sandbox.url}/crm/deal/?category=1`)
  })

  it('serves the bundled parent-frame script', async () => {
    const response = await get('/ui/assets/portal.js')
    expect(response.headers.get('content-type')).toContain('javascript')
    expect(await response.text()).toContain('b24SandboxLayouts')
  })
})

describe('the deal card', () => {
  it('titles the app tab in the portal language from LANG_ALL, as Bitrix24 does', async () => {
    await sandbox.install({ userId: 1, apiOnly: true })
    await restAsApp(sandbox, 'placement.bind', {
      PLACEMENT: 'CRM_DEAL_DETAIL_TAB',
      HANDLER: 'http://127.0.0.1:9/api/b24/app',
      TITLE: 'Approvals',
      LANG_ALL: { en: { TITLE: 'Approvals' }, ru: { TITLE: 'Согласования' } },
    })
    const deal = sandbox.deals()[0]!
    const page = await (await get(`/crm/deal/details/${deal.ID}/`)).text()
    expect(page).toMatch(/>\s*Согласования\s*<\/a/)
    expect(page).not.toMatch(/>\s*Approvals\s*<\/a/)
  })
})
