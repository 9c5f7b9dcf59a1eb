/**
 * @module Browser side of the frame test app: runs the real `initializeB24Frame()` of `@bitrix24/b24jssdk` inside
 * the portal's app frame and shows what it got. Bundled by `frame-test-app.ts`; browser tests drive the SDK
 * through `window.b24`.
 */
import { initializeB24Frame, type B24Frame } from '@bitrix24/b24jssdk'

/** What the page reports after `initializeB24Frame()` resolved (or failed). */
export interface FrameReport {
  ok: boolean
  error?: string
  accessToken?: string
  memberId?: string
  isAdmin?: boolean
  isInstallMode?: boolean
  isFirstRun?: boolean
  placement?: string
  placementOptions?: unknown
  lang?: string
  targetOrigin?: string
}

declare global {
  interface Window {
    b24?: B24Frame
    frameReport?: FrameReport
  }
}

function show(report: FrameReport): void {
  window.frameReport = report
  const out = document.getElementById('report')
  if (out) out.textContent = JSON.stringify(report, null, 2)
  document.body.dataset.ready = report.ok ? 'yes' : 'failed'
}

async function start(): Promise<void> {
  try {
    const b24 = await initializeB24Frame()
    window.b24 = b24
    const auth = b24.auth.getAuthData()
    show({
      ok: true,
      accessToken: auth ? auth.access_token : undefined,
      memberId: auth ? auth.member_id : undefined,
      isAdmin: b24.auth.isAdmin,
      isInstallMode: b24.isInstallMode,
      isFirstRun: b24.isFirstRun,
      placement: b24.placement.placement,
      placementOptions: b24.placement.options,
      lang: b24.getLang(),
      targetOrigin: b24.getTargetOrigin(),
    })
  } catch (error) {
    show({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
  }
}

void start()
