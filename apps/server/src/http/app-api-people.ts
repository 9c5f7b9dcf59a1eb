/**
 * @module The SPA API's people routes (below `/api/app`): the users page for admins (`/people`, invite, revoke a
 * Telegram link, set the language), the portal's access settings (`/access`: read by all, written by admins) and
 * each user's own notification settings (`/me/notifications`).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { AuthError, ValidationError } from '../ports/errors.ts'
import { loadSettings } from '../services/approvals/approval-settings.ts'
import {
  accessSettingsInputSchema,
  readAccessSettings,
  saveAccessSettings,
} from '../services/people/access-settings.ts'
import { loadPrefs, notificationPrefsSchema, updatePrefs } from '../services/people/notification-prefs.ts'
import { portalRoster, revokeTelegramLink, setUserLanguage, telegramStates } from '../services/people/people-roster.ts'
import { inviteUnlinked, linkStatus } from '../services/telegram/telegram-linking.ts'
import { configuredTelegram, type AppTelegramDeps } from './app-api-telegram.ts'
import { requireAdmin, type AppApiEnv } from './app-auth.ts'
import { validate } from './validate.ts'

const rosterQuery = z.object({
  departmentId: z.coerce.number().int().positive().optional(),
  state: z.enum(telegramStates).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
const userParam = z.object({ userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
const languageBody = z.object({ language: z.enum(['ru', 'en']).nullable() })

/** Creates the `/people`, `/access` and `/me/notifications` routes. */
export function createPeopleRoutes(deps: AppTelegramDeps) {
  const directory = () => {
    if (!deps.directory) throw new AuthError('PORTAL_NOT_CONNECTED', 'No Bitrix24 connection is configured')
    return deps.directory
  }
  return new Hono<AppApiEnv>()
    .get('/people', requireAdmin(), validate('query', rosterQuery), async (c) => {
      const roster = await portalRoster(
        { ...deps, directory: directory() },
        c.var.appUser.portal.memberId,
        c.req.valid('query'),
      )
      return c.json(roster, 200)
    })
    .post('/people/:userId/invitation', requireAdmin(), validate('param', userParam), async (c) => {
      const { userId } = c.req.valid('param')
      return c.json(await inviteUnlinked(configuredTelegram(deps), c.var.appUser.portal, [userId]), 200)
    })
    .delete('/people/:userId/telegram', requireAdmin(), validate('param', userParam), async (c) => {
      const { userId } = c.req.valid('param')
      const isRevoked = await revokeTelegramLink(deps.store, c.var.appUser.portal.memberId, userId)
      return c.json({ isRevoked }, 200)
    })
    .put(
      '/people/:userId/language',
      requireAdmin(),
      validate('param', userParam),
      validate('json', languageBody),
      async (c) => {
        const { userId } = c.req.valid('param')
        const result = await setUserLanguage(deps, c.var.appUser.portal.memberId, userId, c.req.valid('json').language)
        return c.json(result, 200)
      },
    )
    .get('/access', async (c) => c.json(await readAccessSettings(deps.store, c.var.appUser.portal.memberId), 200))
    .put('/access', requireAdmin(), validate('json', accessSettingsInputSchema), async (c) => {
      const memberId = c.var.appUser.portal.memberId
      const { version, ...access } = c.req.valid('json')
      const known = new Set(
        (await deps.people.people(memberId, () => directory().portal(memberId), access.auditorIds)).users.map(
          (u) => u.id,
        ),
      )
      const unknown = access.auditorIds.filter((id) => !known.has(id))
      if (unknown.length > 0) {
        const details = { field: 'auditorIds', userIds: unknown }
        throw new ValidationError('UNKNOWN_USERS', 'Auditors must be active users of the portal', { details })
      }
      return c.json(await saveAccessSettings(deps.store, memberId, access, version), 200)
    })
    .get('/me/notifications', async (c) => {
      const { portal, userId } = c.var.appUser
      const zone = (await loadSettings(deps.store, portal.memberId)).calendar.timeZone
      const prefs = await loadPrefs(deps.store, portal.memberId, userId, zone)
      const { isLinked } = await linkStatus(deps.store, portal.memberId, userId)
      return c.json(
        { notifications: prefs, isTelegramLinked: isLinked, isTelegramConfigured: deps.telegram !== undefined },
        200,
      )
    })
    .put('/me/notifications', validate('json', notificationPrefsSchema), async (c) => {
      const { portal, userId } = c.var.appUser
      const portalTimeZone = (await loadSettings(deps.store, portal.memberId)).calendar.timeZone
      const input = c.req.valid('json')
      const prefs = await updatePrefs(deps, { memberId: portal.memberId, userId, portalTimeZone }, () => input)
      return c.json({ notifications: prefs }, 200)
    })
}
