/**
 * @module Every callback query the simulated users made, with whether and how fast the bot answered it.
 * Telegram accepts one answer per query, within a short window; later or repeated answers are refused.
 * @see https://core.telegram.org/bots/api#answercallbackquery
 */
import { QUERY_ID_INVALID, badRequest } from './bot-api-error.ts'
import type { TgCallbackQuery } from './wire-types.ts'

/** The answer the bot gave. */
export interface CallbackAnswer {
  text?: string
  show_alert: boolean
  url?: string
  cache_time?: number
}

/** A callback query and its fate. Times are epoch milliseconds. */
export interface CallbackQueryRecord {
  query: TgCallbackQuery
  chatId: number
  messageId: number
  createdAt: number
  answeredAt?: number
  /** Milliseconds between the press and the answer. */
  answerLatencyMs?: number
  answer?: CallbackAnswer
}

/** Issues callback query ids and records the answers. */
export class CallbackTracker {
  private readonly records = new Map<string, CallbackQueryRecord>()
  private sequence = 0

  constructor(
    private readonly now: () => number,
    /** How long an answer is accepted after the press. */
    public answerWindowMs: number,
  ) {}

  /** A new, unique callback query id (Telegram's are long decimal strings). */
  nextId(): string {
    this.sequence += 1
    return `${4_300_000_000_000_000_000n + BigInt(this.sequence)}`
  }

  /** Records a press. */
  add(query: TgCallbackQuery, chatId: number, messageId: number): CallbackQueryRecord {
    const record: CallbackQueryRecord = { query, chatId, messageId, createdAt: this.now() }
    this.records.set(query.id, record)
    return record
  }

  /**
   * Records the bot's answer.
   * @throws BotApiError 400 `query is too old and response timeout expired or query ID is invalid` for an unknown,
   *   already answered or expired query.
   */
  answer(id: string, answer: CallbackAnswer): CallbackQueryRecord {
    const record = this.records.get(id)
    const now = this.now()
    if (!record || record.answeredAt !== undefined || now - record.createdAt > this.answerWindowMs) {
      throw badRequest(QUERY_ID_INVALID)
    }
    record.answeredAt = now
    record.answerLatencyMs = now - record.createdAt
    record.answer = answer
    return record
  }

  /** Every callback query, oldest first. */
  all(): CallbackQueryRecord[] {
    return [...this.records.values()]
  }

  /** The callback queries the bot has not answered. */
  unanswered(): CallbackQueryRecord[] {
    return this.all().filter((r) => r.answeredAt === undefined)
  }
}
