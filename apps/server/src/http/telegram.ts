/**
 * @module `POST /api/telegram/webhook`: the secret header is checked in constant time,
 * the update is parsed, deduplicated on `update_id` and persisted to the inbox before the 200; the bot runs it
 * after the answer (and the cron tick resumes anything left unfinished).
 */
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import type { Clock } from '../ports/clock.ts'
import { AuthError, NotFoundError } from '../ports/errors.ts'
import type { Store } from '../ports/store.ts'
import { isSameSecret } from '../services/secret-compare.ts'
import { acceptUpdate } from '../services/telegram/update-inbox.ts'
import { validate } from './validate.ts'

/** The header Telegram sends the webhook's `secret_token` in. */
export const secretTokenHeader = 'X-Telegram-Bot-Api-Secret-Token'

/**
 * Lets only requests carrying the webhook's secret token through, compared in constant time.
 * @throws AuthError `TELEGRAM_SECRET_MISMATCH` (401) otherwise.
 */
export function telegramSecret(options: { secret: string }) {
  return createMiddleware(async function telegramSecret(c, next) {
    if (!isSameSecret(c.req.header(secretTokenHeader), options.secret)) {
      throw new AuthError('TELEGRAM_SECRET_MISMATCH', 'The Telegram secret token is missing or wrong')
    }
    await next()
  })
}

const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() })

/** What the webhook route needs; undefined when no bot is configured. */
export interface TelegramRouteDeps {
  secret: string
  store: Store
  clock: Clock
  /** Runs work after the answer (Vercel `waitUntil`, a background promise locally). */
  defer: (work: Promise<unknown>) => void
  /** Runs the inbox (the bot handles stored updates). */
  processInbox: () => Promise<unknown>
}

/**
 * Starts `work` once the answer is on its way: on the next turn of the event loop, so the bot's run (store reads,
 * the decision, the card) does not delay the 200 that Telegram waits for before it sends the next update.
 */
export function afterAnswer(work: () => Promise<unknown>): Promise<unknown> {
  return new Promise((resolve) => setImmediate(resolve)).then(work)
}

function notConfigured() {
  return createMiddleware(async function telegramNotConfigured() {
    throw new NotFoundError('TELEGRAM_NOT_CONFIGURED', 'No Telegram bot is configured (TELEGRAM_BOT_TOKEN)')
  })
}

/** Creates the `/telegram/*` routes (mounted under `/api`). */
export function createTelegramRoutes(deps: TelegramRouteDeps | undefined) {
  return new Hono()
    .use('/telegram/*', deps ? telegramSecret({ secret: deps.secret }) : notConfigured())
    .post('/telegram/webhook', validate('json', updateSchema), async (c) => {
      const isNew = await acceptUpdate(deps!, c.req.valid('json'))
      if (isNew) deps!.defer(afterAnswer(deps!.processInbox))
      return c.json({ ok: true, duplicate: !isNew }, 200)
    })
}
