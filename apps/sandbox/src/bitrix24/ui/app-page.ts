/**
 * @module The application page (`/marketplace/app/<client_id>/`) and its slider variant opened by
 * `openApplication`; and the page of an app link (`/marketplace/view/<client_id>/?params[…]`, placement
 * `REST_APP_URI`). The core's `openApplication` picks the URL (reference §1.1): the install path with
 * `INSTALL: true` for administrators until `installFinish`, the handler path afterwards.
 */
import type { Context } from 'hono'
import { html } from 'hono/html'
import { HTTPException } from 'hono/http-exception'
import type { Portal } from '../portal.ts'
import { renderAppFrame } from './app-frame.ts'
import { currentUser } from './current-user.ts'
import { renderShell, type Html } from './shell.ts'

/** Query parameters the sandbox itself adds to the app page URL; they are not placement options. */
const INTERNAL_PARAMS = new Set(['PLACEMENT_OPTIONS', 'POPUP'])

/**
 * Placement options of the main app page: the page URL's own query parameters (`IFRAME: "Y"` in a slider), plus
 * what `openApplication` passed (reference §5.15 `DEFAULT`).
 */
export function defaultPlacementOptions(query: Record<string, string>): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(query)) {
    if (!INTERNAL_PARAMS.has(key)) options[key] = value
  }
  const passed = query.PLACEMENT_OPTIONS
  if (!passed) return options
  let parsed: unknown
  try {
    parsed = JSON.parse(passed)
  } catch (error) {
    throw new HTTPException(400, { message: 'PLACEMENT_OPTIONS is not valid JSON', cause: error })
  }
  if (typeof parsed === 'object' && parsed !== null) Object.assign(options, parsed)
  return options
}

function installNotice(c: Context): Html | '' {
  const finished = c.req.query('install_finished')
  if (finished === 'Y') return html`<div class="notice">Установка приложения завершена.</div>`
  if (finished === 'N') return html`<div class="notice">Приложение переведено в режим установки.</div>`
  return ''
}

/** Renders the app page for the current user (full page, or bare inside a slider). */
export function renderAppPage(c: Context, portal: Portal): Html {
  const user = currentUser(c, portal)
  const query = c.req.query()
  const bare = query.IFRAME === 'Y'
  const body = html`${installNotice(c)}${renderAppFrame({
    portal,
    user,
    placement: 'DEFAULT',
    placementOptions: defaultPlacementOptions(query),
    isPopup: query.POPUP === '1',
    height: bare ? 760 : 600,
  })}`
  return renderShell(portal, user, {
    title: 'Приложение',
    active: `/marketplace/app/${portal.state.app.clientId}/`,
    body,
    bare,
  })
}

/**
 * The `params[…]` of an app link as `PLACEMENT_OPTIONS` (b24restdocs `api-reference/widgets/universal/app-url.md`:
 * `/marketplace/view/#APP_CODE#/?params[test]=y` → `{"test":"y"}`).
 */
export function appLinkOptions(url: string): Record<string, string> {
  const options: Record<string, string> = {}
  for (const [key, value] of new URL(url).searchParams) {
    const match = /^params\[([^\]]+)\]$/.exec(key)
    if (match) options[match[1]!] = value
  }
  return options
}

/**
 * Renders the page of an app link for the current user: the app's `REST_APP_URI` handler in a frame with the
 * link's params as `PLACEMENT_OPTIONS` (bare inside the slider a click on the link opens); the portal's refusal
 * when the app has no such placement.
 */
export function renderAppLinkPage(c: Context, portal: Portal): Html {
  const user = currentUser(c, portal)
  const bare = c.req.query('IFRAME') === 'Y'
  const body = renderAppFrame({
    portal,
    user,
    placement: 'REST_APP_URI',
    placementOptions: appLinkOptions(c.req.url),
    isPopup: bare,
    height: bare ? 760 : 600,
  })
  return renderShell(portal, user, { title: 'Приложение', active: '', body, bare })
}
