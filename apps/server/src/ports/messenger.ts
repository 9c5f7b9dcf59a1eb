/**
 * @module The Messenger port: how the approval engine reaches people outside Bitrix24 (Telegram), in domain
 * words. The outbox calls it for the effects `notify-approvers`, `update-cards` and `notify-initiator`
 * (`domain/effects.ts`) and hands it ready views, so the adapter never calls back into services;
 * `adapters/telegram` implements it with telegraf. Until a messenger is configured,
 * approvers are reached by Bitrix24 notifications only.
 */
import type {
  ApprovalAttachment,
  ApprovalStatus,
  ApproverNotice,
  BehalfReason,
  CommentPolicy,
  DecisionRule,
  InitiatorNotice,
  Outcome,
  ResponseKind,
  Subject,
  UserId,
} from '../domain/index.ts'
import type { BotLanguage, LinkedAccount } from './telegram-bot.ts'

/** A person as the card shows them: the Bitrix24 user id and a display name (`null` when unknown). */
export interface CardPerson {
  userId: UserId
  name: string | null
}

/** The newest answer, shown on the card and in the initiator's message. */
export interface CardDecision {
  approver: CardPerson
  kind: ResponseKind
  comment: string | null
  at: string
}

/**
 * Everything a card shows about one approval at one moment. All strings are user data: the adapter escapes
 * them (Telegram parse_mode HTML). Buttons are shown only while `isOpen`; `commentPolicy` tells the adapter
 * which answers need a comment before they are accepted.
 */
export interface ApprovalCard {
  /** The portal's `member_id`. */
  memberId: string
  approvalId: string
  title: string
  description: string
  initiator: CardPerson
  subject: Subject | null
  status: ApprovalStatus
  /** True while the approval waits for answers (`status === 'pending'`). */
  isOpen: boolean
  round: number
  /** 1-based number of the active stage, and how many stages there are. */
  stageNumber: number
  stageCount: number
  rule: DecisionRule
  commentPolicy: CommentPolicy
  /** Whether the approval takes a send-back at all; without it no approver gets a Send back button. */
  isSendBackAllowed: boolean
  /** When the active stage (or the approval) is due; `null` without a deadline. */
  deadlineAt: string | null
  lastDecision: CardDecision | null
  /**
   * The portal's full address of the approval (its `REST_APP_URI` link): opens the app in the portal at this
   * approval; the app's own address only when the app's code in the portal is unknown.
   */
  appUrl: string
  /** The app's own page of the approval (a browser or phone without the portal); absent when it is `appUrl`. */
  webUrl?: string
}

/** An answer button; callback data is built and signed by the adapter from these plain values. */
export type CardAction = 'approve' | 'reject' | 'send-back' | 'comment'

/** One place of the active stage on a card: who, and what they answered (`null`: not yet). */
export interface SeatProgress {
  name: string
  response: ResponseKind | null
  /** The person the place is held for, by name, and why (a deputy's place, a place handed over). */
  behalf?: { name: string; reason: BehalfReason }
}

/** An approval card as one approver sees it now: with the buttons they may press. */
export interface ApproverCardView {
  card: ApprovalCard
  /** The approver this view is for (the card's buttons act only for them, only in `card.round`). */
  userId: number
  actions: CardAction[]
  /** The portal's IANA time zone, for the due time (UTC when absent). */
  timeZone?: string
  /** Who in the active stage answered what. */
  progress?: SeatProgress[]
}

/**
 * A card as it is re-rendered for everyone it was delivered to: the shared content, and per approver (by user id)
 * the answers they may give now; anyone not listed gets no buttons.
 */
export interface CardUpdate {
  card: ApprovalCard
  /** The portal's IANA time zone, for the due time (UTC when absent). */
  timeZone?: string
  /** Who in the active stage answered what. */
  progress?: SeatProgress[]
  actionsByUser: Record<string, CardAction[]>
}

/** What happened to a delivery: sent, or the user has no linked messenger account (nothing sent). */
export type DeliveryResult = 'delivered' | 'not-linked'

/**
 * Sends approval cards and messages.
 *
 * Guarantees expected from every implementation:
 * - **idempotent by `idempotencyKey`**: a repeated call with the same key (an outbox retry after a crash) sends
 *   nothing new; `deliverCard` returns the earlier result;
 * - a user with no linked account is not an error: the result is `'not-linked'`;
 * - `updateCards` edits every card already delivered for the approval and sends no new messages.
 * @throws RateLimitedError when the messenger asks to wait (`retryAfterMs` honoured by the outbox);
 * UpstreamError when it fails or does not answer (the outbox retries with backoff).
 */
export interface Messenger {
  /** Delivers the approver `userId`'s view of the card, with the answer buttons it lists. */
  deliverCard(input: {
    view: ApproverCardView
    userId: UserId
    reason: ApproverNotice
    idempotencyKey: string
  }): Promise<DeliveryResult>

  /** Re-renders every card already delivered for the approval (buttons off once it is closed). */
  updateCards(input: { update: CardUpdate; idempotencyKey: string }): Promise<void>

  /** Tells the initiator about a decision, the outcome, an overdue or an escalation. */
  tellInitiator(input: {
    card: ApprovalCard
    /** The portal's IANA time zone, for the due time (UTC when absent). */
    timeZone?: string
    event: InitiatorNotice
    outcome: Outcome | null
    idempotencyKey: string
  }): Promise<DeliveryResult>

  /**
   * Asks the Telegram account `telegramId` whether it is `account` (a portal user whose profile names it), with
   * Yes / No buttons that carry `confirmationRef`. `unreachable` when Telegram will not deliver it (the person
   * never started the bot, or blocked it): nothing is linked either way until that account presses Yes.
   */
  askToConfirmLink(input: {
    telegramId: number
    account: LinkedAccount
    confirmationRef: string
    language: BotLanguage
  }): Promise<'sent' | 'unreachable'>

  /**
   * Sends the approval's files to the approver `userId` after their card (issue 21): JPEG and PNG photos as an
   * album with preview, the rest as documents named as uploaded, split to the messenger's limits
   * (`telegramFileGroups`). Idempotent by `idempotencyKey` per message.
   */
  sendAttachments(input: {
    memberId: string
    approvalId: string
    userId: UserId
    attachments: ApprovalAttachment[]
    idempotencyKey: string
  }): Promise<DeliveryResult>

  /** Tells `userId` about a new lead from a website (summary, file names, link to the lead). */
  tellAboutLead(input: {
    memberId: string
    userId: UserId
    notice: LeadNotice
    idempotencyKey: string
  }): Promise<DeliveryResult>

  /** Sends `userId` their daily digest: the approvals waiting for their answer or their resubmission. */
  tellDigest(input: {
    memberId: string
    userId: UserId
    digest: Digest
    idempotencyKey: string
  }): Promise<DeliveryResult>
}

/** One approval in a digest. Titles are user data (the adapter escapes them). */
export interface DigestEntry {
  title: string
  /** Opens the approval in the portal. */
  url: string
}

/** What waits for one user, as the daily digest lists it (at most 20 of each, with the full counts). */
export interface Digest {
  waiting: DigestEntry[]
  waitingCount: number
  returned: DigestEntry[]
  returnedCount: number
}

/** A new lead as a Telegram notice shows it. All strings are user data (the adapter escapes them). */
export interface LeadNotice {
  siteName: string
  title: string
  name: string
  phone: string | null
  email: string | null
  message: string | null
  fileNames: string[]
  /** Opens the lead in the portal. */
  leadUrl: string
  /** The submission went to a lead that existed already (a repeat customer). */
  isRepeat: boolean
}
