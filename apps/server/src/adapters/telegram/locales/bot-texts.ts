/**
 * @module The shape of the bot's locale files (`ru.ts`, `en.ts`). Functions take raw user data and return
 * Telegram HTML: every user string is escaped inside them with `escapeHtml`.
 */
import type { ApprovalStatus, BehalfReason, ResponseKind } from '../../../domain/index.ts'
import type { CardAction } from '../../../ports/messenger.ts'
import type { LinkedAccount, PressRefusal } from '../../../ports/telegram-bot.ts'

/** Every text the bot sends, in one language. */
export interface BotTexts {
  linked(account: LinkedAccount, replacedTelegramAccount: boolean): string
  linkCodeExpired: string
  linkCodeUsed: string
  howToLink(accounts: LinkedAccount[]): string
  unlinked(accounts: LinkedAccount[]): string
  notLinked: string
  help(accounts: LinkedAccount[]): string
  chooseLanguage: string
  languageSet: string
  cancelled: string
  nothingToCancel: string
  askComment(title: string, action: CardAction): string
  commentPlaceholder: string
  decisionRecorded(title: string, action: CardAction): string
  refusal: Record<PressRefusal, string>
  noPending: string
  pendingPortal(account: LinkedAccount, count: number): string
  unknownCommand: string
  /** The question to the Telegram account a portal profile names, and its answers. */
  profileLink: {
    ask(account: LinkedAccount): string
    yes: string
    no: string
    declined: string
    notYours: string
    expired: string
  }
  /** "Approve all N" under `/pending` (issue 21). */
  bulk: {
    offer(count: number): string
    approveAll(count: number): string
    confirm(count: number): string
    yes(count: number): string
    cancel: string
    done(decided: number, skipped: number): string
    cancelled: string
  }
  /** Button labels. */
  buttons: Record<CardAction, string>
  /** Card field labels. */
  card: {
    initiator: string
    subject: string
    deadline: string
    stage(number: number, count: number): string
    round(number: number): string
    lastDecision: string
    progress(answered: number, total: number): string
    /** A place held for someone else in the progress line (plain text, escaped by the caller). */
    onBehalfOf(holder: string, behalf: { name: string; reason: BehalfReason }): string
    readMore: string
    /** The button under a card whose description was cut. */
    readInFull: string
    /** The first line of the message with the whole description (HTML, title escaped). */
    fullTextHeading(title: string): string
    openInApp: string
    openInBrowser: string
    status: Record<ApprovalStatus, string>
    response: Record<ResponseKind, string>
    subjectKind: Record<'deal' | 'lead' | 'task', string>
  }
  /** What the initiator is told. */
  initiator: {
    decision: string
    outcome: string
    overdue: string
    escalated: string
    'approver-left': string
  }
  /** `setMyCommands` descriptions. */
  commands: Record<'pending' | 'help' | 'language' | 'unlink' | 'cancel', string>
}
