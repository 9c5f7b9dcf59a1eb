/**
 * @module Webhook delivery like Telegram's: pending updates are POSTed one at a time, in order, with the
 * `X-Telegram-Bot-Api-Secret-Token` header; a non-2xx answer, a refused connection or a slow answer is retried
 * (policy tunable) and reported by `getWebhookInfo`. A method call in the webhook answer (telegraf's
 * `webhookReply`) is executed. Updates can also be delivered again on purpose, to test deduplication.
 * @see https://core.telegram.org/bots/api#setwebhook
 */
import type { SandboxState } from './sandbox-state.ts'
import type { PendingUpdate } from './update-queue.ts'
import type { TgUpdate } from './wire-types.ts'

/** When and how often an update is delivered again. */
export interface RedeliveryPolicy {
  /** Attempts per update before it is dropped (Telegram: "a reasonable amount"). */
  maxAttempts: number
  /** Wait before the n-th retry is `retryDelayMs * n`. */
  retryDelayMs: number
  /** An answer slower than this counts as failed and the update is sent again. */
  timeoutMs: number
}

/** Defaults: about ten seconds of retries, and a ten-second answer timeout. */
export const DEFAULT_REDELIVERY: RedeliveryPolicy = { maxAttempts: 5, retryDelayMs: 500, timeoutMs: 10_000 }

/** One POST to the webhook. */
export interface DeliveryAttempt {
  update_id: number
  attempt: number
  /** Epoch milliseconds. */
  at: number
  durationMs: number
  /** HTTP status, or undefined when no answer came. */
  status?: number
  error?: string
  isDuplicate: boolean
}

/** Executes a method the webhook answered with (`{"method":"answerCallbackQuery",…}`). */
export type WebhookReplyExecutor = (method: string, params: Record<string, unknown>) => Promise<void>

/** The delivery worker of one sandbox. */
export class WebhookDelivery {
  readonly attempts: DeliveryAttempt[] = []
  lastError: { date: number; message: string } | null = null
  policy: RedeliveryPolicy
  private duplicatesLeft = 0
  private running: Promise<void> | null = null
  private isStopped = false
  private readonly inFlight = new Set<AbortController>()

  constructor(
    private readonly state: SandboxState,
    private readonly executeReply: WebhookReplyExecutor,
    policy: Partial<RedeliveryPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_REDELIVERY, ...policy }
    state.updates.onPush(() => this.kick())
  }

  /** The next `count` updates are each delivered twice (the second time after the first succeeded). */
  duplicateNext(count: number): void {
    this.duplicatesLeft += count
  }

  /** Starts the worker if a webhook is set and updates are pending. */
  kick(): void {
    this.isStopped = false
    if (this.running || !this.state.webhook) return
    this.running = this.drain().finally(() => {
      this.running = null
      if (!this.isStopped && this.state.webhook && this.state.updates.size > 0) this.kick()
    })
  }

  /** Stops delivering (webhook removed or sandbox closing) and aborts requests in flight. */
  stop(): void {
    this.isStopped = true
    for (const controller of this.inFlight) controller.abort()
  }

  /** Waits until the worker is idle. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  /** POSTs an already delivered update once more, as Telegram sometimes does. Returns the HTTP status. */
  async deliverAgain(update: TgUpdate): Promise<DeliveryAttempt> {
    return this.post(update, 0, true)
  }

  private async drain(): Promise<void> {
    for (let entry = this.state.updates.first(); entry; entry = this.state.updates.first()) {
      if (this.isStopped || !this.state.webhook) return
      await this.deliver(entry)
    }
  }

  private async deliver(entry: PendingUpdate): Promise<void> {
    entry.attempts += 1
    const attempt = await this.post(entry.update, entry.attempts, false)
    if (this.isStopped) return
    if (attempt.error === undefined) {
      if (this.duplicatesLeft > 0) {
        this.duplicatesLeft -= 1
        await this.post(entry.update, entry.attempts + 1, true)
      }
      this.state.updates.remove(entry, { status: 'delivered', attempts: entry.attempts })
      return
    }
    if (entry.attempts >= this.policy.maxAttempts) {
      this.state.updates.remove(entry, { status: 'failed', attempts: entry.attempts })
      return
    }
    await sleep(this.policy.retryDelayMs * entry.attempts)
  }

  private async post(update: TgUpdate, attemptNo: number, isDuplicate: boolean): Promise<DeliveryAttempt> {
    const webhook = this.state.webhook
    const at = this.state.now()
    const attempt: DeliveryAttempt = { update_id: update.update_id, attempt: attemptNo, at, durationMs: 0, isDuplicate }
    if (!webhook) return this.record(attempt, 'Webhook was deleted')
    const controller = new AbortController()
    this.inFlight.add(controller)
    const timer = setTimeout(() => controller.abort(new Error('timeout')), this.policy.timeoutMs)
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(webhook.secretToken ? { 'X-Telegram-Bot-Api-Secret-Token': webhook.secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: controller.signal,
      })
      attempt.status = response.status
      const body = await response.text()
      if (!response.ok)
        return this.record(attempt, `Wrong response from the webhook: ${response.status} ${response.statusText}`)
      await this.runWebhookReply(body)
      return this.record(attempt, undefined)
    } catch (error) {
      return this.record(attempt, describeFailure(error, controller.signal))
    } finally {
      clearTimeout(timer)
      this.inFlight.delete(controller)
      attempt.durationMs = this.state.now() - at
    }
  }

  private record(attempt: DeliveryAttempt, error: string | undefined): DeliveryAttempt {
    if (error !== undefined) {
      attempt.error = error
      this.lastError = { date: this.state.unixNow(), message: error }
    }
    this.attempts.push(attempt)
    return attempt
  }

  private async runWebhookReply(body: string): Promise<void> {
    if (!body.trim().startsWith('{')) return
    const reply = JSON.parse(body) as Record<string, unknown>
    if (typeof reply.method !== 'string') return
    const { method, ...params } = reply
    await this.executeReply(method, params)
  }
}

function describeFailure(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'Read timeout expired'
  const code = (error as { cause?: { code?: string } }).cause?.code
  if (code === 'ECONNREFUSED') return 'Connection refused'
  if (error instanceof SyntaxError) return 'Wrong response from the webhook: invalid JSON in the answer'
  return `Failed to connect: ${error instanceof Error ? error.message : String(error)}`
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
