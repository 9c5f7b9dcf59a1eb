/**
 * @module The SPA's Telegram API (`/api/app/telegram/*`): a personal deep link and the caller's
 * link status and that of the approvers being chosen, invitations to the approvers one chose; for admins, every
 * user's status, invitations to all the unlinked, the bot's webhook state and setup.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { MAX_APPROVERS_PER_APPROVAL } from '../domain/index.ts'
import { NotFoundError, PermissionError } from '../ports/errors.ts'
import type { TelegramBotRuntime } from '../ports/telegram-bot.ts'
import type { PortalPeople } from '../services/approvals/portal-users.ts'
import type { PortalDirectory } from '../services/portal-directory.ts'
import {
  createLinkInvitation,
  inviteUnlinked,
  linkStatus,
  linkStatusOf,
  portalLinkStatus,
  type PortalLinkingDeps,
} from '../services/telegram/telegram-linking.ts'
import { webhookUrlOf } from '../services/telegram/webhook-secret.ts'
import type { Clock } from '../ports/clock.ts'
import type { Store } from '../ports/store.ts'
import { requireAdmin, type AppApiEnv } from './app-auth.ts'
import { validate } from './validate.ts'

/** What the routes need; `telegram` is undefined when no bot is configured. */
export interface AppTelegramDeps {
  store: Store
  clock: Clock
  directory: PortalDirectory | undefined
  people: PortalPeople
  appUrl: string
  telegram: { runtime: TelegramBotRuntime; secret: string } | undefined
}

/**
 * The deps with the bot and the portal directory, which the Telegram routes need.
 * @throws NotFoundError `TELEGRAM_NOT_CONFIGURED` when no bot is configured.
 */
export function configuredTelegram(
  deps: AppTelegramDeps,
): PortalLinkingDeps & { secret: string; runtime: TelegramBotRuntime } {
  if (!deps.telegram || !deps.directory) {
    throw new NotFoundError('TELEGRAM_NOT_CONFIGURED', 'No Telegram bot is configured (TELEGRAM_BOT_TOKEN)')
  }
  return { ...deps, directory: deps.directory, runtime: deps.telegram.runtime, secret: deps.telegram.secret }
}

const userIdsSchema = z.array(z.number().int().positive()).min(1).max(MAX_APPROVERS_PER_APPROVAL)
const inviteSchema = z.object({ userIds: z.array(z.number().int().positive()).max(500).optional() })
const statusQuerySchema = z.object({
  userIds: z
    .string()
    .transform((text) => text.split(',').map(Number))
    .pipe(userIdsSchema),
})

/** Creates the `/telegram/*` routes (below `/api/app`). */
export function createAppTelegramRoutes(deps: AppTelegramDeps) {
  return (
    new Hono<AppApiEnv>()
      .post('/telegram/link', async (c) =>
        c.json(await createLinkInvitation(configuredTelegram(deps), c.var.appUser), 200),
      )
      .get('/telegram/link', async (c) => {
        const { portal, userId } = c.var.appUser
        return c.json({ link: await linkStatus(deps.store, portal.memberId, userId) }, 200)
      })
      .get('/telegram/users', requireAdmin(), async (c) => {
        const users = await portalLinkStatus(configuredTelegram(deps), c.var.appUser.portal.memberId)
        return c.json({ users }, 200)
      })
      // Whether the approvers being chosen can get Telegram cards; any user of the portal may ask.
      .get('/telegram/link-status', validate('query', statusQuerySchema), async (c) => {
        const users = await linkStatusOf(deps.store, c.var.appUser.portal.memberId, c.req.valid('query').userIds)
        return c.json({ isConfigured: deps.telegram !== undefined, users }, 200)
      })
      // Admins may invite everyone unlinked; any user may invite the (at most 100) approvers they name.
      .post('/telegram/invitations', validate('json', inviteSchema), async (c) => {
        const { userIds } = c.req.valid('json')
        const isNamed = userIds !== undefined && userIds.length <= MAX_APPROVERS_PER_APPROVAL
        if (!c.var.appUser.isAdmin && !isNamed) {
          throw new PermissionError('ADMIN_REQUIRED', 'Only portal administrators may invite everyone')
        }
        return c.json(await inviteUnlinked(configuredTelegram(deps), c.var.appUser.portal, userIds), 200)
      })
      .get('/telegram/bot', requireAdmin(), async (c) => {
        const runtime = deps.telegram?.runtime
        const bot = {
          isConfigured: runtime !== undefined,
          username: runtime ? await runtime.username() : null,
          webhook: runtime ? await runtime.webhookState() : null,
        }
        return c.json({ bot }, 200)
      })
      .post('/telegram/setup', requireAdmin(), async (c) => {
        const { runtime, secret } = configuredTelegram(deps)
        const webhook = await runtime.setup({ webhookUrl: webhookUrlOf(deps.appUrl), secretToken: secret })
        return c.json({ webhook }, 200)
      })
  )
}
