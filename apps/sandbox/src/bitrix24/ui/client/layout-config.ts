/**
 * @module What the server tells the parent-frame script about one embedded app frame (an "app layout"): the
 * values the portal's `BX.rest.AppLayout` receives from its PHP template. Shared by the server renderer and the
 * browser bundle.
 */

/** The `getInitData` answer (reference §6.5); the parent re-reads `DOMAIN` from `location.host` when answering. */
export interface FrameInitData {
  LANG: string
  DOMAIN: string
  PROTOCOL: number
  PATH: string
  AUTH_ID: string
  AUTH_EXPIRES: string
  REFRESH_ID: string
  MEMBER_ID: string
  FIRST_RUN: boolean
  IS_ADMIN: boolean
  INSTALL: boolean
  USER_OPTIONS: Record<string, unknown>
  APP_OPTIONS: Record<string, unknown>
  PLACEMENT: string
  /** An object, or `""` when nothing was supplied (as the portal sends it). */
  PLACEMENT_OPTIONS: Record<string, unknown> | ''
}

/** Everything the parent-frame script needs to drive one app frame. */
export interface LayoutConfig {
  /** Per-render session id pairing the frame with this layout (32 hex chars). */
  appSid: string
  /** `scheme://host[:port]` of the app URL; messages from any other origin are ignored. */
  appOrigin: string
  /** `client_id` of the local application (its `APP_CODE`). */
  appCode: string
  /** DOM ids of the layout box (resized by `resizeWindow`), the iframe and the hidden POST form. */
  layoutId: string
  frameId: string
  formId: string
  /** True when this layout lives in a slider opened by `openApplication` (a "popup": no `resizeWindow`). */
  isPopup: boolean
  /** Commands this layout refuses (silently ignored, as `denyInterface` does). */
  deniedCommands: string[]
  /** Events the placement offers to `placementBindEvent` (empty for `DEFAULT`). */
  placementEvents: string[]
  /** Base path of the portal's AJAX endpoints for this layout. */
  ajaxPath: string
  initData: FrameInitData
}

/** The `data-` attribute marking the JSON config script of a layout. */
export const layoutConfigAttribute = 'data-b24-app-layout'
