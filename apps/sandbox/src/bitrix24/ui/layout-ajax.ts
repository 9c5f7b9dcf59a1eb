/**
 * @module The portal endpoints the parent-frame script calls for an app layout — the sandbox's version of the
 * `app.layout` component's AJAX actions (`access_refresh`, `set_installed`, `set_option`) and of the user options
 * the portal saves for `setUserOption` / `setInstall` (reference §6.4). The state changes are the core's
 * (`install.ts`); these routes only add the current user.
 */
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import type { Bitrix24Sandbox } from '../sandbox-handle.ts'
import { currentUser } from './current-user.ts'

const installedBody = z.object({ v: z.enum(['Y', 'N']) })
const optionsBody = z.object({ options: z.array(z.object({ name: z.string().min(1), value: z.unknown() })) })
const userOptionBody = z.object({ name: z.string().min(1), value: z.unknown() })
const installBody = z.object({ install: z.boolean() })

/** `setInstallFinish`: installed (`installFinish`), or back to the install page for `{value: false}`. */
function setInstalled(sandbox: Bitrix24Sandbox, userId: number, installed: boolean): void {
  if (installed) {
    sandbox.finishInstall(userId)
    return
  }
  sandbox.portal.state.app.installed = false
  sandbox.portal.persist()
}

/** `setInstall`: the user's first run is over (`install: true`) or starts again. */
function setFirstRun(sandbox: Bitrix24Sandbox, userId: number, isDone: boolean): void {
  if (isDone) {
    sandbox.markFirstRunDone(userId)
    return
  }
  sandbox.portal.state.firstRunDone = sandbox.portal.state.firstRunDone.filter((id) => id !== userId)
  sandbox.portal.persist()
}

/** The layout AJAX routes under `/ui/app/<client_id>/`. */
export function layoutAjaxRoutes(sandbox: Bitrix24Sandbox): Hono {
  const { portal } = sandbox
  const app = new Hono()
  app.use('/ui/app/:code/*', async function requireLocalApp(c, next) {
    if (c.req.param('code') !== portal.state.app.clientId || !portal.state.app.active) {
      throw new HTTPException(404, { message: 'No such application on this portal' })
    }
    await next()
  })
  app.post('/ui/app/:code/refresh-auth', (c) => {
    const auth = sandbox.refreshFrameAuth(currentUser(c, portal).ID)
    return c.json({ access_token: auth.AUTH_ID, expires_in: Number(auth.AUTH_EXPIRES), refresh_token: auth.REFRESH_ID })
  })
  app.post('/ui/app/:code/set-installed', zValidator('json', installedBody), (c) => {
    const user = currentUser(c, portal)
    if (!user.IS_ADMIN) return c.json({ result: false })
    setInstalled(sandbox, user.ID, c.req.valid('json').v === 'Y')
    return c.json({ result: true })
  })
  app.post('/ui/app/:code/set-option', zValidator('json', optionsBody), (c) => {
    if (!currentUser(c, portal).IS_ADMIN) throw new HTTPException(403, { message: 'Administrator only' })
    for (const { name, value } of c.req.valid('json').options) sandbox.setAppOption(name, value)
    return c.json(portal.state.appOptions)
  })
  app.post('/ui/app/:code/set-user-option', zValidator('json', userOptionBody), (c) => {
    const { name, value } = c.req.valid('json')
    sandbox.setUserOption(currentUser(c, portal).ID, name, value)
    return c.json({ result: true })
  })
  app.post('/ui/app/:code/set-install', zValidator('json', installBody), (c) => {
    setFirstRun(sandbox, currentUser(c, portal).ID, c.req.valid('json').install)
    return c.json({ result: true })
  })
  return app
}
