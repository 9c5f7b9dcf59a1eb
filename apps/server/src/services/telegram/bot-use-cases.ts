/**
 * @module The bot's use cases in plain values: linking by `/start <code>`, `/unlink`,
 * `/cancel`, `/help`, `/language`, `/pending`, comments, button presses and block/unblock. The runtime
 * (`adapters/telegram`) calls them once per update and renders their answers.
 */
import type { Clock } from '../../ports/clock.ts'
import type { Store } from '../../ports/store.ts'
import type { BotLanguage, BotNotice, BotReply, BotUseCases, TelegramSender } from '../../ports/telegram-bot.ts'
import { listPending, pressButton, receiveComment } from './approval-presses.ts'
import { redeemLinkCode } from './link-codes.ts'
import { pressBulk } from './bulk-answers.ts'
import { takeAwaitedComment } from './pending-comments.ts'
import { confirmProfileLink, rememberUsername } from './profile-links.ts'
import type { TelegramApprovals } from './telegram-approvals.ts'
import {
  bindTelegram,
  linkedAccounts,
  loadAccount,
  setBlocked,
  unbindTelegram,
  updateAccount,
} from './telegram-links.ts'

/** What the use cases need. */
export interface BotUseCaseDeps {
  store: Store
  clock: Clock
  /** The approval services; absent until they are wired (presses then answer "unavailable"). */
  approvals?: TelegramApprovals
}

const say = (notice: BotNotice, forceReply = false): BotReply[] => [{ type: 'notice', notice, forceReply }]

/** The language of a Telegram `language_code`: Russian for `ru`, English otherwise. */
export function languageFromCode(languageCode: string | undefined): BotLanguage {
  return languageCode?.toLowerCase().startsWith('ru') ? 'ru' : 'en'
}

async function start(deps: BotUseCaseDeps, sender: TelegramSender, payload: string): Promise<BotReply[]> {
  await rememberUsername(deps.store, sender)
  const code = payload.trim()
  if (code === '') return say({ kind: 'how-to-link', accounts: await linkedAccounts(deps.store, sender.telegramId) })
  const claim = await redeemLinkCode(deps.store, code)
  if (claim === 'used') return say({ kind: 'link-code-used' })
  if (claim === 'expired') return say({ kind: 'link-code-expired' })
  const link = { ...claim, telegramId: sender.telegramId, linkedAt: new Date(deps.clock.now()).toISOString() }
  const { replacedTelegramAccount } = await bindTelegram(deps.store, link)
  const clientLanguage = languageFromCode(sender.languageCode)
  await updateAccount(deps.store, sender.telegramId, (account) => ({ ...account, clientLanguage }))
  return say({ kind: 'linked', account: claim, replacedTelegramAccount })
}

async function command(deps: BotUseCaseDeps, sender: TelegramSender, name: string, args: string) {
  const { store } = deps
  const telegramId = sender.telegramId
  switch (name) {
    case 'unlink':
      await takeAwaitedComment(deps, telegramId)
      return say({ kind: 'unlinked', accounts: await unbindTelegram(store, telegramId) })
    case 'cancel':
      return say({ kind: (await takeAwaitedComment(deps, telegramId)) ? 'cancelled' : 'nothing-to-cancel' })
    case 'help':
      return say({ kind: 'help', accounts: await linkedAccounts(store, telegramId) })
    case 'pending':
      return listPending({ ...deps, approvals: deps.approvals }, telegramId)
    case 'language': {
      const language = args.trim().toLowerCase()
      if (language === 'ru' || language === 'en') return chooseLanguage(deps, sender, language)
      return say({ kind: 'choose-language' })
    }
    default:
      return say({ kind: 'unknown-command' })
  }
}

async function chooseLanguage(deps: BotUseCaseDeps, sender: TelegramSender, language: BotLanguage) {
  await updateAccount(deps.store, sender.telegramId, (account) => ({ ...account, language }))
  return say({ kind: 'language-set' })
}

/** Builds the use cases over the store (and the approval services once they exist). */
export function createBotUseCases(deps: BotUseCaseDeps): BotUseCases {
  const pressDeps = { store: deps.store, clock: deps.clock, approvals: deps.approvals }
  return {
    async languageOf(sender) {
      return (await loadAccount(deps.store, sender.telegramId)).language ?? languageFromCode(sender.languageCode)
    },
    start: (sender, payload) => start(deps, sender, payload),
    command: (sender, name, args) => command(deps, sender, name, args),
    async text(sender, text) {
      const replies = await receiveComment(pressDeps, sender.telegramId, text)
      return replies ?? say({ kind: 'help', accounts: await linkedAccounts(deps.store, sender.telegramId) })
    },
    press: (sender, press) => pressButton(pressDeps, sender.telegramId, press),
    bulkPress: (sender, press) => pressBulk(pressDeps, sender.telegramId, press),
    chooseLanguage: (sender, language) => chooseLanguage(deps, sender, language),
    confirmProfileLink: (sender, ref, isYes) => confirmProfileLink(deps, sender, ref, isYes),
    chatMember: (sender, isBlocked) => setBlocked(deps.store, sender.telegramId, isBlocked),
  }
}
