/**
 * @module Renders one embedded app frame as the portal's `app.layout` template does (reference §1.2, §6.1): an
 * iframe named `DOMAIN|PROTOCOL|APP_SID`, a hidden POST form with the §1.2 fields targeting it, and the config
 * the parent-frame script answers the frame's commands with. What goes into the frame comes from the core's
 * `openApplication` (fresh tokens and `APP_SID` per render).
 */
import { html, raw } from 'hono/html'
import { openApplication, type FrameLaunch, type LaunchRefusal } from '../install.ts'
import type { Portal } from '../portal.ts'
import type { UserRecord } from '../state.ts'
import { layoutConfigAttribute, type FrameInitData, type LayoutConfig } from './client/layout-config.ts'
import type { Html } from './shell.ts'

/** One app frame to render. */
export interface AppFrameRequest {
  portal: Portal
  user: UserRecord
  placement: string
  placementOptions: Record<string, unknown>
  /** Opened in a slider by `openApplication` (no `resizeWindow`). */
  isPopup: boolean
  height: number
}

/** Why no frame is shown, in the portal's words. */
export const launchRefusalText: Record<LaunchRefusal, string> = {
  APP_NOT_ACTIVE: 'Приложение не установлено на портале. Установите его на странице «Локальное приложение».',
  APP_NOT_INSTALLED: 'Приложение ещё не установлено полностью. Обратитесь к администратору портала.',
  PLACEMENT_NOT_BOUND: 'Приложение не встроено в это место.',
}

/** Commands the layout refuses: non-`DEFAULT` placements cannot retitle, scroll or reload; popups cannot resize. */
function deniedCommands(placement: string, isPopup: boolean): string[] {
  const denied = placement === 'DEFAULT' ? [] : ['setTitle', 'setScroll', 'reloadWindow']
  return isPopup ? [...denied, 'resizeWindow'] : denied
}

function layoutConfig(portal: Portal, launch: FrameLaunch, request: AppFrameRequest): LayoutConfig {
  const initData = launch.initData as unknown as FrameInitData
  return {
    appSid: launch.appSid,
    appOrigin: launch.appOrigin,
    appCode: portal.state.app.clientId,
    layoutId: `appframe_layout_${launch.appSid}`,
    frameId: `appframe_${launch.appSid}`,
    formId: `appform_${launch.appSid}`,
    isPopup: request.isPopup,
    deniedCommands: deniedCommands(initData.PLACEMENT, request.isPopup),
    placementEvents: [],
    ajaxPath: `/ui/app/${encodeURIComponent(portal.state.app.clientId)}`,
    initData,
  }
}

/** JSON safe inside a `<script>` element (no `</script>` or `<!--` can form). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

/** Renders the frame for `launch`. */
export function renderLaunch(config: LayoutConfig, launch: FrameLaunch, height: number): Html {
  return html`<div id="${config.layoutId}" class="app-layout app-layout--loading" style="height: ${height}px">
      <iframe id="${config.frameId}" name="${launch.frameName}" allow="clipboard-read; clipboard-write"></iframe>
    </div>
    <form id="${config.formId}" method="POST" action="${launch.actionUrl}" target="${launch.frameName}" hidden>
      ${Object.entries(launch.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    </form>
    <script type="application/json" ${raw(layoutConfigAttribute)}>
      ${raw(scriptJson(config))}
    </script>`
}

/**
 * Renders the app frame for a user, or the portal's refusal text (app not installed, placement not bound).
 */
export function renderAppFrame(request: AppFrameRequest): Html {
  const launch = openApplication(request.portal, request.user.ID, {
    placement: request.placement,
    placementOptions: request.placementOptions,
  })
  if (typeof launch === 'string') return html`<div class="notice">${launchRefusalText[launch]}</div>`
  return renderLaunch(layoutConfig(request.portal, launch, request), launch, request.height)
}
