/**
 * @module The portal UI on port 8788: one Hono app with the page script and stylesheet, the user switcher, the
 * app page with its frame endpoints, the selector data and the portal's pages.
 */
import { Hono, type Context } from 'hono'
import type { Portal } from '../portal.ts'
import type { Bitrix24Sandbox } from '../sandbox-handle.ts'
import { renderAppLinkPage, renderAppPage } from './app-page.ts'
import { portalScript } from './client-bundle.ts'
import { switchUser } from './current-user.ts'
import { renderUiError } from './error-page.ts'
import { layoutAjaxRoutes } from './layout-ajax.ts'
import { automationRoutes } from './pages/automation.ts'
import { dealCardRoutes } from './pages/deal-routes.ts'
import { dealListRoutes } from './pages/deals.ts'
import { leadRoutes } from './pages/leads.ts'
import { localAppRoutes } from './pages/local-app.ts'
import { logRoutes } from './pages/logs.ts'
import { notificationRoutes } from './pages/notifications.ts'
import { outgoingWebhookRoutes } from './pages/outgoing-webhook.ts'
import { taskViewRoutes } from './pages/task-view.ts'
import { taskListRoutes } from './pages/tasks.ts'
import { userProfileRoutes } from './pages/user-profile.ts'
import { userRoutes } from './pages/users.ts'
import { pickerRoutes } from './picker-routes.ts'
import { portalCss } from './style.ts'

const PAGE_PREFIXES = ['/crm/', '/company/', '/marketplace/', '/devops/', '/sandbox/']

/**
 * Redirects portal pages opened under another host name (`localhost` vs `127.0.0.1`) to the portal's own
 * address: the frame's `DOMAIN` must equal the page's origin, or b24jssdk drops every answer (reference §6.1).
 */
function canonicalHost(portal: Portal) {
  return async function canonicalPortalHost(c: Context, next: () => Promise<void>) {
    const host = c.req.header('host')
    const path = new URL(c.req.url).pathname
    const isPage = path === '/' || PAGE_PREFIXES.some((prefix) => path.startsWith(prefix))
    if (c.req.method === 'GET' && isPage && host && host !== portal.urls.domain) {
      const url = new URL(c.req.url)
      return c.redirect(`${portal.urls.portal}${url.pathname}${url.search}`, 302)
    }
    await next()
  }
}

/** Builds the portal UI for a running sandbox; the server mounts it with `app.route('/', portalUi(sandbox))`. */
export function portalUi(sandbox: Bitrix24Sandbox): Hono {
  const { portal } = sandbox
  const app = new Hono()
  app.onError(renderUiError)
  app.use('*', canonicalHost(portal))
  app.get('/ui/assets/portal.css', (c) => c.body(portalCss, 200, { 'content-type': 'text/css; charset=utf-8' }))
  app.get('/ui/assets/portal.js', async (c) =>
    c.body(await portalScript(), 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  )
  app.post('/ui/switch-user', async (c) => {
    const form = await c.req.parseBody()
    switchUser(c, portal, Number(form.user))
    return c.redirect(c.req.header('referer') ?? '/', 303)
  })
  app.get('/ui/switch-user', (c) => {
    switchUser(c, portal, Number(c.req.query('user')))
    const back = c.req.query('back') ?? '/'
    return c.redirect(back.startsWith('/') && !back.startsWith('//') ? back : '/', 303)
  })
  app.get('/', (c) => c.redirect('/crm/deal/', 302))
  app.get('/marketplace/app/:code/', (c) => {
    if (c.req.param('code') !== portal.state.app.clientId) return c.notFound()
    return c.html(renderAppPage(c, portal))
  })
  app.get('/marketplace/view/:code/', (c) => {
    if (c.req.param('code') !== portal.state.app.clientId) return c.notFound()
    return c.html(renderAppLinkPage(c, portal))
  })
  app.route('/', layoutAjaxRoutes(sandbox))
  app.route('/', pickerRoutes(portal))
  app.route('/', dealListRoutes(sandbox))
  app.route('/', dealCardRoutes(sandbox))
  app.route('/', automationRoutes(sandbox))
  app.route('/', leadRoutes(sandbox))
  app.route('/', taskListRoutes(sandbox))
  app.route('/', taskViewRoutes(sandbox))
  app.route('/', userRoutes(sandbox))
  app.route('/', userProfileRoutes(sandbox))
  app.route('/', notificationRoutes(sandbox))
  app.route('/', logRoutes(sandbox))
  app.route('/', localAppRoutes(sandbox))
  app.route('/', outgoingWebhookRoutes(sandbox))
  app.get('/favicon.ico', (c) => c.body(null, 204))
  return app
}
