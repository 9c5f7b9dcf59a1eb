/**
 * @module The bot's pending updates: increasing `update_id`s, the `allowed_updates` filter, confirmation by
 * `getUpdates` offset, and waiters for long polling and for webhook delivery.
 * @see https://core.telegram.org/bots/api#getting-updates
 */
import type { TgUpdate, TgUpdateType } from './wire-types.ts'

/** Update types left out when `allowed_updates` is empty or was never set. */
const EXCLUDED_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count'])

/** How an update's delivery ended. */
export interface DeliveryOutcome {
  /** `delivered`: a 2xx from the webhook; `failed`: the webhook gave up; `queued`: waits for getUpdates. */
  status: 'delivered' | 'failed' | 'queued'
  attempts: number
}

/** An update not yet confirmed, with the promises waiting for its delivery. */
export interface PendingUpdate {
  update: TgUpdate
  attempts: number
  settle: (outcome: DeliveryOutcome) => void
  settled: Promise<DeliveryOutcome>
}

/** FIFO of unconfirmed updates. */
export class UpdateQueue {
  private nextUpdateId: number
  private readonly pending: PendingUpdate[] = []
  private readonly listeners = new Set<() => void>()
  /** Every update ever created, by `update_id` (for deliberate re-delivery). */
  readonly created = new Map<number, TgUpdate>()
  /** The `allowed_updates` in force; undefined or empty = every type except those Telegram leaves out. */
  allowedUpdates: string[] | undefined

  constructor(firstUpdateId = 100_000_001) {
    this.nextUpdateId = firstUpdateId
  }

  /** Whether updates of `type` are currently wanted by the bot. */
  isAllowed(type: TgUpdateType): boolean {
    const allowed = this.allowedUpdates
    return allowed === undefined || allowed.length === 0 ? !EXCLUDED_BY_DEFAULT.has(type) : allowed.includes(type)
  }

  /** Queues a new update with the next `update_id`, or returns null when `allowed_updates` filters it out. */
  push<K extends TgUpdateType>(type: K, payload: NonNullable<TgUpdate[K]>): PendingUpdate | null {
    if (!this.isAllowed(type)) return null
    const update = { update_id: this.nextUpdateId++, [type]: payload } as TgUpdate
    this.created.set(update.update_id, update)
    let settle: (outcome: DeliveryOutcome) => void = () => undefined
    const settled = new Promise<DeliveryOutcome>((resolve) => (settle = resolve))
    const entry: PendingUpdate = { update, attempts: 0, settle, settled }
    this.pending.push(entry)
    for (const listener of this.listeners) listener()
    return entry
  }

  /** Subscribes to new updates; returns the unsubscribe function. */
  onPush(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The oldest pending update. */
  first(): PendingUpdate | undefined {
    return this.pending[0]
  }

  /** How many updates wait for delivery or confirmation. */
  get size(): number {
    return this.pending.length
  }

  /** Removes one update after delivery (or after the webhook gave up) and settles its waiters. */
  remove(entry: PendingUpdate, outcome: DeliveryOutcome): void {
    const index = this.pending.indexOf(entry)
    if (index >= 0) this.pending.splice(index, 1)
    entry.settle(outcome)
  }

  /** Settles the waiters of every pending update as `queued` (the webhook is gone; getUpdates will serve them). */
  settleAllAsQueued(): void {
    for (const entry of this.pending) entry.settle({ status: 'queued', attempts: entry.attempts })
  }

  /** Drops every pending update (`drop_pending_updates`). */
  dropAll(): void {
    for (const entry of this.pending.splice(0)) entry.settle({ status: 'failed', attempts: entry.attempts })
  }

  /**
   * `getUpdates` semantics: updates with an id below `offset` are confirmed and forgotten; a negative offset
   * keeps only the last `-offset` updates. Returns up to `limit` updates from what is left.
   */
  take(offset: number | undefined, limit: number): TgUpdate[] {
    if (offset !== undefined && offset < 0) {
      for (const entry of this.pending.splice(0, Math.max(0, this.pending.length + offset))) {
        entry.settle({ status: 'queued', attempts: entry.attempts })
      }
    } else if (offset !== undefined) {
      while (this.pending[0] && this.pending[0].update.update_id < offset) {
        const entry = this.pending.shift()!
        entry.settle({ status: 'queued', attempts: entry.attempts })
      }
    }
    return this.pending.slice(0, limit).map((entry) => entry.update)
  }

  /** Resolves when an update is pushed or after `timeoutMs`, whichever comes first. */
  waitForPush(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        unsubscribe()
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      const unsubscribe = this.onPush(done)
    })
  }
}
