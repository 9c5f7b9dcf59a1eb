/**
 * @module The Telegram bot ports. {@link BotUseCases} is what the bot runtime calls for each update
 * (implemented by `services/telegram`), in plain values: the adapter never hands telegraf's `ctx` inward and the
 * services never see a Bot API shape. {@link TelegramBotRuntime} is what services and the webhook route need from
 * the runtime (`adapters/telegram`): run one stored update, set the webhook up, report its state.
 */
import { createHash } from 'node:crypto'
import type { ApproverCardView, CardAction } from './messenger.ts'

/**
 * The short reference of a portal inside `callback_data` (6 base64url characters of SHA-256 of `member_id`):
 * the services resolve it among the portals the pressing Telegram user is linked to.
 */
export function approvalMemberRef(memberId: string): string {
  return createHash('sha256').update(memberId).digest('base64url').slice(0, 6)
}

/** Languages the bot speaks; chosen by the user's `language_code` or `/language`. */
export type BotLanguage = 'ru' | 'en'

/** The Telegram user behind an update (the private chat id equals `telegramId`). */
export interface TelegramSender {
  telegramId: number
  firstName: string
  /** Telegram's `language_code` (IETF tag), when the client sent one. */
  languageCode: string | undefined
  /** The public @username without `@`, when the account has one. */
  username?: string | undefined
}

/** One portal account a Telegram user is linked to. */
export interface LinkedAccount {
  memberId: string
  portalDomain: string
  userId: number
  userName: string
}

/** What the bot says in answer to something; the adapter renders it in the user's language. */
export type BotNotice =
  | { kind: 'linked'; account: LinkedAccount; replacedTelegramAccount: boolean }
  | { kind: 'link-code-expired' }
  | { kind: 'link-code-used' }
  | { kind: 'how-to-link'; accounts: LinkedAccount[] }
  | { kind: 'unlinked'; accounts: LinkedAccount[] }
  | { kind: 'not-linked' }
  | { kind: 'help'; accounts: LinkedAccount[] }
  | { kind: 'choose-language' }
  | { kind: 'language-set' }
  | { kind: 'cancelled' }
  | { kind: 'nothing-to-cancel' }
  | { kind: 'ask-comment'; title: string; action: CardAction }
  | { kind: 'decision-recorded'; title: string; action: CardAction }
  | { kind: 'decision-refused'; reason: PressRefusal }
  | { kind: 'no-pending' }
  | { kind: 'pending-portal'; account: LinkedAccount; count: number }
  | { kind: 'unknown-command' }
  | { kind: 'profile-link-declined' }
  | { kind: 'profile-link-not-yours' }
  | { kind: 'profile-link-expired' }

/** Why a press (or a comment) changed nothing; shown as an alert. */
export type PressRefusal =
  | 'BAD_TAG'
  | 'NOT_LINKED'
  | 'NOT_YOUR_TURN'
  | 'NOT_AN_APPROVER'
  | 'ALREADY_ANSWERED'
  | 'ALREADY_DECIDED'
  | 'NOT_FOUND'
  | 'COMMENT_NOT_ALLOWED'
  | 'COMMENT_TOO_LONG'
  | 'NOT_ALLOWED'
  | 'SEND_BACK_DISABLED'
  | 'ROUND_CHANGED'
  | 'UNAVAILABLE'

/**
 * An "approve all N" offer under `/pending` (issue 21) as it stands: `offered` (one button), `confirming` (yes /
 * cancel), `done` with what was decided and refused (by refusal), or `cancelled`.
 */
export interface BulkOffer {
  offerId: string
  count: number
  state: 'offered' | 'confirming' | 'done' | 'cancelled'
  decided?: number
  refused?: Partial<Record<PressRefusal, number>>
}

/** A press on a bulk offer's button: ask for confirmation, confirm, or cancel. */
export interface BulkPress {
  offerId: string
  step: 'ask' | 'yes' | 'no'
}

/** One message the bot sends in answer: a notice, or an approver's card with its buttons. */
export type BotReply =
  | { type: 'bulk'; offer: BulkOffer }
  | { type: 'notice'; notice: BotNotice; forceReply?: boolean }
  | { type: 'card'; view: ApproverCardView }
  /** An approval's whole description, sent on its own (one or more messages) after "Read in full". */
  | { type: 'full-text'; title: string; description: string }

/** What a card button does: one of the answers, or "Read in full" (sends the whole description, decides nothing). */
export type ButtonAction = CardAction | 'read-full'

/** A verified button press, as the adapter decoded it from `callback_data` (tag already checked). */
export interface ButtonPress {
  memberRef: string
  approvalId: string
  action: ButtonAction
  /** The round and approver the card was made for (0 for a card made before buttons carried them). */
  round: number
  userId: number
  /** The chat and message the button was under (the card to edit). */
  chatId: number
  messageId: number
}

/**
 * How a press is answered: the `answerCallbackQuery` text (an alert for a refusal, else a toast), the card the
 * button was under as it should look now (`null`: leave it), and follow-up messages (a force_reply prompt).
 */
export interface PressAnswer {
  alert: PressRefusal | null
  toast: BotNotice | null
  edit: ApproverCardView | null
  replies: BotReply[]
}

/** The bot's use cases, called by the runtime once per update; each must be idempotent per update. */
export interface BotUseCases {
  /** The language to answer `sender` in. */
  languageOf(sender: TelegramSender): Promise<BotLanguage>
  /** `/start` with or without a link code. */
  start(sender: TelegramSender, payload: string): Promise<BotReply[]>
  /** Any other command (`unlink`, `cancel`, `help`, `pending`, `language`), with its arguments. */
  command(sender: TelegramSender, command: string, args: string): Promise<BotReply[]>
  /** Plain text (a force_reply comment, or chatter). */
  text(sender: TelegramSender, text: string): Promise<BotReply[]>
  /** A pressed card button whose tag verified. */
  press(sender: TelegramSender, press: ButtonPress): Promise<PressAnswer>
  /**
   * Yes (`isYes`) or No under a "is this you?" question about a profile's Telegram id; only the account asked
   * may answer, and only its Yes links.
   */
  confirmProfileLink(sender: TelegramSender, confirmationRef: string, isYes: boolean): Promise<BotReply[]>
  /** A button of an "approve all N" offer: the offer as it should look now, or why nothing changed. */
  bulkPress(sender: TelegramSender, press: BulkPress): Promise<{ alert: PressRefusal | null; offer: BulkOffer | null }>
  /** A language button of `/language`. */
  chooseLanguage(sender: TelegramSender, language: BotLanguage): Promise<BotReply[]>
  /** The user blocked (`kicked`) or restarted (`member`) the bot. */
  chatMember(sender: TelegramSender, isBlocked: boolean): Promise<void>
}

/** The webhook as Telegram reports it (`getWebhookInfo`), without secrets. */
export interface WebhookState {
  url: string
  pendingUpdateCount: number
  lastErrorDate: number | null
  lastErrorMessage: string | null
  allowedUpdates: string[]
}

/** The running bot, as services and routes use it. */
export interface TelegramBotRuntime {
  /** The bot's username (for `t.me/<username>?start=` links). */
  username(): Promise<string>
  /** Runs one stored update through the bot (use cases, replies, callback answers). */
  handleUpdate(update: { update_id: number }): Promise<void>
  /** `setWebhook` (url, secret_token, allowed_updates) and `setMyCommands` in ru and en. */
  setup(input: { webhookUrl: string; secretToken: string }): Promise<WebhookState>
  /** `getWebhookInfo`. */
  webhookState(): Promise<WebhookState>
}
