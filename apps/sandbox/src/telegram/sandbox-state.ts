/**
 * @module The whole in-memory world of the Telegram sandbox: the bot, the simulated users and their chats,
 * callback queries, pending updates, webhook settings, commands, files, limits, faults and the call log.
 * Bot API methods, simulated users and the phone view all read and change this one object.
 */
import { badRequest, forbidden } from './bot-api-error.ts'
import { CallbackTracker, type CallbackQueryRecord } from './callback-tracker.ts'
import { ChatLog } from './chat-log.ts'
import { FaultInjector } from './faults.ts'
import { RateLimiter, type RateLimits } from './rate-limiter.ts'
import { UpdateQueue } from './update-queue.ts'
import type { TgBotCommand, TgBotUser, TgChat, TgDocument, TgPhotoSize, TgUser } from './wire-types.ts'

/** A simulated Telegram user and their relation to the bot. */
export interface SimulatedUserState {
  user: TgUser
  /** The user has written to the bot (so the bot may write to them). */
  hasStarted: boolean
  isBlocked: boolean
}

/** The webhook registered with `setWebhook`. */
export interface WebhookConfig {
  url: string
  secretToken?: string
  maxConnections: number
  allowedUpdates?: string[]
}

/** A file the bot uploaded, kept so it can be sent again by `file_id`. */
export interface StoredFile {
  /** Set for a file sent as a document. */
  document?: TgDocument
  /** Set for a file sent as a photo: its sizes, smallest first (every size's `file_id` names this record). */
  photo?: TgPhotoSize[]
  /** The MIME type the upload had (what the phone view serves it as). */
  mime?: string
  bytes?: Uint8Array
}

/** One Bot API call as the sandbox saw it. */
export interface ApiCallRecord {
  method: string
  params: Record<string, unknown>
  /** Epoch milliseconds. */
  at: number
  ok: boolean
  error_code?: number
  description?: string
}

/** Something the phone view should redraw. */
export type SandboxEvent =
  | { type: 'chat'; chatId: number }
  | { type: 'users' }
  | { type: 'callback_answer'; chatId: number; record: CallbackQueryRecord }
  | { type: 'webhook' }

/** Construction options of {@link SandboxState}. */
export interface SandboxStateOptions {
  botToken: string
  botUsername: string
  botFirstName: string
  users: TgUser[]
  now: () => number
  limits?: Partial<RateLimits>
  callbackAnswerWindowMs: number
  requiresStart: boolean
}

/** The sandbox's state. Times come from the injected `now` (epoch milliseconds). */
export class SandboxState {
  readonly token: string
  readonly bot: TgBotUser
  readonly users = new Map<number, SimulatedUserState>()
  readonly chats = new Map<number, ChatLog>()
  readonly callbacks: CallbackTracker
  readonly updates = new UpdateQueue()
  readonly limiter: RateLimiter
  readonly faults = new FaultInjector()
  readonly commands = new Map<string, TgBotCommand[]>()
  readonly files = new Map<string, StoredFile>()
  readonly calls: ApiCallRecord[] = []
  readonly now: () => number
  webhook: WebhookConfig | null = null
  /** When true, the bot may only write to users who wrote to it first, as in Telegram. */
  requiresStart: boolean
  private readonly listeners = new Set<(event: SandboxEvent) => void>()

  constructor(options: SandboxStateOptions) {
    this.token = options.botToken
    this.now = options.now
    this.bot = {
      id: Number(options.botToken.split(':')[0]),
      is_bot: true,
      first_name: options.botFirstName,
      username: options.botUsername,
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    }
    this.callbacks = new CallbackTracker(options.now, options.callbackAnswerWindowMs)
    this.limiter = new RateLimiter(options.limits, options.now)
    this.requiresStart = options.requiresStart
    for (const user of options.users) this.users.set(user.id, { user, hasStarted: false, isBlocked: false })
  }

  /** Current Unix time in seconds, as Bot API dates are. */
  unixNow(): number {
    return Math.floor(this.now() / 1000)
  }

  /** The chat log of a user, created on first use. */
  chatLog(chatId: number): ChatLog {
    let log = this.chats.get(chatId)
    if (!log) {
      log = new ChatLog(chatId)
      this.chats.set(chatId, log)
    }
    return log
  }

  /** The private chat object of a simulated user. */
  chatOf(user: TgUser): TgChat {
    return {
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    }
  }

  /**
   * The user behind a chat the bot writes to.
   * @throws BotApiError 400 `chat not found`, 403 `bot was blocked by the user`,
   *   403 `bot can't initiate conversation with a user`.
   */
  recipient(chatId: number): SimulatedUserState {
    const state = this.users.get(chatId)
    if (!state) throw badRequest('chat not found')
    if (state.isBlocked) throw forbidden('bot was blocked by the user')
    if (this.requiresStart && !state.hasStarted) throw forbidden("bot can't initiate conversation with a user")
    return state
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe(listener: (event: SandboxEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Tells the subscribers something changed. */
  emit(event: SandboxEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}
