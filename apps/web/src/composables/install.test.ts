import { describe, expect, it } from 'vitest'
import { readInstallReport, useInstall } from './install.ts'

function pageWith(json: string | null): Document {
  const doc = document.implementation.createHTMLDocument('install')
  if (json !== null) {
    const script = doc.createElement('script')
    script.type = 'application/json'
    script.id = 'b24-install-result'
    script.textContent = json
    doc.body.append(script)
  }
  return doc
}

const serverResult = {
  installed: true,
  memberId: 'm1',
  domain: 'portal.bitrix24.ru',
  addedEvents: ['ONAPPUNINSTALL', 'ONCRMDEALUPDATE'],
  addedPlacements: ['CRM_DEAL_DETAIL_TAB'],
}

describe('readInstallReport', () => {
  it('reads what the install page embedded', () => {
    expect(readInstallReport(pageWith(JSON.stringify(serverResult)))).toEqual({
      installed: true,
      domain: 'portal.bitrix24.ru',
      addedEvents: ['ONAPPUNINSTALL', 'ONCRMDEALUPDATE'],
      addedPlacements: ['CRM_DEAL_DETAIL_TAB'],
    })
  })

  it('answers null without the embedded result', () => {
    expect(readInstallReport(pageWith(null))).toBeNull()
    expect(readInstallReport(pageWith('{"something":1}'))).toBeNull()
  })
})

describe('useInstall', () => {
  it('calls installFinish once the server reported success', async () => {
    let calls = 0
    const install = useInstall({ installFinish: async () => void (calls += 1) }, pageWith(JSON.stringify(serverResult)))
    await install.finish()
    expect(calls).toBe(1)
    expect(install.isFinished.value).toBe(true)
  })

  it('shows the portal refusal and lets the user retry', async () => {
    let calls = 0
    const frame = {
      installFinish: async () => {
        calls += 1
        if (calls === 1) throw new Error('JSSDK_FRAME_INSTALL_ALREADY_FINISHED')
      },
    }
    const install = useInstall(frame, pageWith(JSON.stringify(serverResult)))
    await install.finish()
    expect(install.error.value?.message).toBe('JSSDK_FRAME_INSTALL_ALREADY_FINISHED')
    await install.finish()
    expect(install.isFinished.value).toBe(true)
    expect(install.error.value).toBeNull()
  })

  it('does not finish when the server did not report an install', async () => {
    let calls = 0
    const install = useInstall({ installFinish: async () => void (calls += 1) }, pageWith(null))
    await install.finish()
    expect(calls).toBe(0)
    expect(install.report.value).toBeNull()
  })
})
