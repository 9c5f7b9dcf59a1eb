/**
 * @module Telegram's flood limits as token buckets: about one message per second per chat with a small burst, and
 * about thirty per second overall. Over the limit the Bot API answers 429 with `parameters.retry_after`.
 * @see https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */

/** Limits the sandbox enforces on sending and editing methods. */
export interface RateLimits {
  /** false turns every limit off. */
  isEnabled: boolean
  perChatPerSecond: number
  perChatBurst: number
  globalPerSecond: number
  globalBurst: number
}

/** Defaults close to Telegram's documented behaviour. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  isEnabled: true,
  perChatPerSecond: 1,
  perChatBurst: 5,
  globalPerSecond: 30,
  globalBurst: 30,
}

interface Bucket {
  tokens: number
  updatedAt: number
}

/** Per-chat and global token buckets over an injectable clock (milliseconds). */
export class RateLimiter {
  private limits: RateLimits
  private readonly global: Bucket
  private readonly chats = new Map<number, Bucket>()

  constructor(
    limits: Partial<RateLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...limits }
    this.global = { tokens: this.limits.globalBurst, updatedAt: now() }
  }

  /** The limits in force. */
  get current(): RateLimits {
    return { ...this.limits }
  }

  /** Changes some limits and refills every bucket. */
  configure(limits: Partial<RateLimits>): void {
    this.limits = { ...this.limits, ...limits }
    this.chats.clear()
    Object.assign(this.global, { tokens: this.limits.globalBurst, updatedAt: this.now() })
  }

  /**
   * Takes one message slot for `chatId`. Returns null when allowed, otherwise the whole seconds to wait
   * (at least 1), in which case nothing is consumed.
   */
  take(chatId: number): number | null {
    if (!this.limits.isEnabled) return null
    const now = this.now()
    let chat = this.chats.get(chatId)
    if (!chat) {
      chat = { tokens: this.limits.perChatBurst, updatedAt: now }
      this.chats.set(chatId, chat)
    }
    this.refill(chat, this.limits.perChatPerSecond, this.limits.perChatBurst, now)
    this.refill(this.global, this.limits.globalPerSecond, this.limits.globalBurst, now)
    const waitSeconds = Math.max(
      waitFor(chat, this.limits.perChatPerSecond),
      waitFor(this.global, this.limits.globalPerSecond),
    )
    if (waitSeconds > 0) return Math.max(1, Math.ceil(waitSeconds))
    chat.tokens -= 1
    this.global.tokens -= 1
    return null
  }

  private refill(bucket: Bucket, perSecond: number, burst: number, now: number): void {
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond)
    bucket.updatedAt = now
  }
}

const waitFor = (bucket: Bucket, perSecond: number): number =>
  bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / Math.max(perSecond, 1e-9)
