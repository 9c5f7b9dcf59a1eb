/**
 * @module The SPA's profile-field API (`/api/app/profiles/*`, admins only, issue #19): which Bitrix24 user field
 * holds Telegram ids — an existing one the admin names, or `UF_USR_TELEGRAM_ID` the app creates.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { Clock } from '../ports/clock.ts'
import { NotFoundError } from '../ports/errors.ts'
import type { Store } from '../ports/store.ts'
import type { PortalDirectory } from '../services/portal-directory.ts'
import { loadProfileField, saveProfileField } from '../services/telegram/profile-sync.ts'
import { requireAdmin, type AppApiEnv } from './app-auth.ts'
import { validate } from './validate.ts'

/** What the routes need; `directory` is undefined without Bitrix24. */
export interface ProfileApiDeps {
  store: Store
  clock: Clock
  directory: PortalDirectory | undefined
}

/** A user field code as Bitrix24 names profile fields. */
const fieldSchema = z.object({ fieldName: z.string().regex(/^UF_[A-Z0-9_]{1,60}$/, 'A user field code: UF_…') })

const telegramFieldLabel = { en: 'Telegram ID', ru: 'Telegram ID' }

/** Creates the `/profiles/*` routes (below `/api/app`). */
export function createProfileRoutes(deps: ProfileApiDeps) {
  const directory = () => {
    if (!deps.directory) throw new NotFoundError('PORTAL_NOT_CONNECTED', 'No Bitrix24 portal is connected')
    return deps.directory
  }
  return (
    new Hono<AppApiEnv>()
      .use('/profiles/*', requireAdmin())
      .get('/profiles/telegram-field', async (c) => {
        return c.json({ fieldName: await loadProfileField(deps.store, c.var.appUser.portal.memberId) }, 200)
      })
      .put('/profiles/telegram-field', validate('json', fieldSchema), async (c) => {
        const { fieldName } = c.req.valid('json')
        await saveProfileField(deps.store, c.var.appUser.portal.memberId, fieldName, deps.clock.now())
        return c.json({ fieldName }, 200)
      })
      // Creates UF_USR_TELEGRAM_ID (user.userfield.add) unless it exists, and chooses it.
      .post('/profiles/telegram-field', async (c) => {
        const { memberId } = c.var.appUser.portal
        const portal = await directory().portal(memberId)
        const fieldName = await portal.profiles.ensureField('TELEGRAM_ID', telegramFieldLabel)
        await saveProfileField(deps.store, memberId, fieldName, deps.clock.now())
        return c.json({ fieldName }, 200)
      })
  )
}
