import { describe, expect, it } from 'vitest'
import { appPage, installPage, type InstallResult } from './b24-pages.ts'

const result: InstallResult = {
  installed: true,
  memberId: 'a223c6b3710f85df22e9377d6c4f7553',
  domain: 'romashka.bitrix24.ru',
  addedEvents: ['ONCRMDEALADD</script><script>alert(1)</script>'],
  addedPlacements: ['CRM_DEAL_DETAIL_TAB'],
}
const spa = '<!doctype html><html><head><title>SPA</title></head><body><div id="app"></div></body></html>'

describe('installPage', () => {
  it('hands the built SPA the install result and leaves installFinish() to it', () => {
    const html = installPage(spa, result)
    expect(html).toContain('<div id="app"></div>')
    expect(html).toContain('<script type="application/json" id="b24-install-result">')
    expect(html).not.toContain('installFinish')
    expect(html.indexOf('b24-install-result')).toBeLessThan(html.indexOf('</body>'))
  })

  it('gives the minimal page a script that calls installFinish() when the SPA is not built', () => {
    const html = installPage(null, result)
    expect(html).toContain('Installing…')
    expect(html).toContain('b24.installFinish()')
    expect(html).toContain('id="b24-install-result"')
  })

  it('never lets embedded values close the script element', () => {
    const html = installPage(spa, result)
    expect(html).not.toContain('</script><script>alert(1)')
    const json = /id="b24-install-result">(.*?)<\/script>/s.exec(html)?.[1] ?? ''
    expect(JSON.parse(json)).toEqual(result)
  })
})

describe('appPage', () => {
  it('serves the built SPA, or the minimal page until it is built', () => {
    expect(appPage(spa)).toBe(spa)
    expect(appPage(null)).toContain('<h1>Telegram Approval Cloud</h1>')
  })
})
