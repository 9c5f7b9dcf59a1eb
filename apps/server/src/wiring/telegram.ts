/**
 * @module Wires the Telegram side when a bot is configured: one Bot API client, callback signer and send pacer
 * shared by the messenger (cards from the outbox) and the bot runtime (updates from the webhook inbox). telegraf
 * and its HTTP stack are loaded by the first card sent or update handled, not by every cold start.
 */
import type { Telegram } from 'telegraf'
import { lazyPort } from '../adapters/lazy-port.ts'
import { createCallbackSigner } from '../adapters/telegram/callback-data.ts'
import { createStoreSendBudget } from '../adapters/telegram/send-budget.ts'
import { createSendPacer } from '../adapters/telegram/send-pacer.ts'
import type { Config } from '../config.ts'
import type { ApprovalAttachment } from '../domain/index.ts'
import type { Clock } from '../ports/clock.ts'
import type { Messenger } from '../ports/messenger.ts'
import type { Store } from '../ports/store.ts'
import type { TelegramBotRuntime } from '../ports/telegram-bot.ts'
import type { ActionDeps } from '../services/approvals/act-on-approval.ts'
import type { LinkConfig } from '../services/approvals/approval-links.ts'
import { attachmentBytes } from '../services/approvals/approval-files.ts'
import { isSameSecret } from '../services/secret-compare.ts'
import { createTelegramApprovals } from '../services/telegram/approval-bridge.ts'
import { createBotUseCases } from '../services/telegram/bot-use-cases.ts'
import { createTelegramRecipients } from '../services/telegram/telegram-recipients.ts'
import { processTelegramInbox } from '../services/telegram/update-inbox.ts'
import { webhookSecretOf } from '../services/telegram/webhook-secret.ts'

/** What the Telegram side is built from. */
export interface TelegramWiring {
  config: NonNullable<Config['telegram']>
  appSecret: string
  links: LinkConfig
  store: Store
  clock: Clock
}

/** The messenger and the parts the bot runtime shares with it. */
export interface TelegramParts {
  messenger: Messenger
  /** Builds the bot runtime over the approval services (they need the messenger first). */
  runtime(approvals: ActionDeps): TelegramSide
}

/** The running bot as routes and the cron tick use it. */
export interface TelegramSide {
  runtime: TelegramBotRuntime
  /** The `X-Telegram-Bot-Api-Secret-Token` the webhook expects. */
  secret: string
  /** Runs the stored updates not handled yet. */
  processInbox(): Promise<unknown>
}

/** Wires the messenger now and the bot runtime once the approval services exist. */
export function wireTelegram(wiring: TelegramWiring): TelegramParts {
  const { config, store, clock } = wiring
  let client: Promise<Telegram> | undefined
  const sharedClient = () =>
    (client ??= import('../adapters/telegram/telegraf-bot.ts').then(({ createTelegramClient }) =>
      createTelegramClient({ token: config.botToken, apiRoot: config.apiRoot }),
    ))
  const signer = createCallbackSigner(wiring.appSecret, isSameSecret)
  // The ~30/s overall budget is shared through the store by every instance of this bot.
  const budget = createStoreSendBudget({ store, botId: config.botToken.split(':')[0]!, perSecond: 30 })
  const pacer = createSendPacer({}, { budget })
  const recipients = createTelegramRecipients(store)
  const messenger = lazyPort<Messenger>(async () => {
    const { createTelegrafMessenger } = await import('../adapters/telegram/telegraf-messenger.ts')
    const attachmentContent = (ref: { memberId: string; approvalId: string }, a: ApprovalAttachment) =>
      attachmentBytes(store, ref, a)
    return createTelegrafMessenger({
      ...{ telegram: await sharedClient(), store, signer, pacer, recipients },
      attachmentContent,
    })
  })
  return {
    messenger,
    runtime(approvals) {
      const bridge = createTelegramApprovals({ ...approvals, links: wiring.links })
      const useCases = createBotUseCases({ store, clock, approvals: bridge })
      const runtime = lazyPort<TelegramBotRuntime>(async () => {
        const { createTelegrafBot } = await import('../adapters/telegram/telegraf-bot.ts')
        return createTelegrafBot({
          ...{ token: config.botToken, apiRoot: config.apiRoot, telegram: await sharedClient() },
          ...{ store, useCases, signer, pacer },
        })
      })
      const secret = webhookSecretOf(config, wiring.appSecret)
      return { runtime, secret, processInbox: () => processTelegramInbox({ store, clock, runtime }) }
    },
  }
}
