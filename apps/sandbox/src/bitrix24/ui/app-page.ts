/**
 * @module The application page (`/marketplace/app/<client_id>/`) and its slider variant opened by
 * `openApplication`. The core's `openApplication` picks the URL (reference §1.1): the install path with
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
