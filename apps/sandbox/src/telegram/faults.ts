/**
 * @module Fault injection for the sandbox Bot API: make the next N calls (of one method or of any) fail with a
 * chosen error, or answer slowly, so a test can watch the bot cope with Telegram misbehaving.
 */
import { BotApiError, type BotApiErrorParameters } from './bot-api-error.ts'

/** Which calls a fault applies to. */
export interface FaultTarget {
  /** A Bot API method name such as `sendMessage`; every method when absent. */
  method?: string
}

/** The error a failing call answers with (default 500 `Internal Server Error`). */
export interface FaultError extends FaultTarget {
  error_code?: number
  description?: string
  parameters?: BotApiErrorParameters
}

interface Rule {
  method?: string
  remaining: number
  error?: BotApiError
  delayMs: number
}

/** What to do with one call. */
export interface FaultDecision {
  error?: BotApiError
  delayMs: number
}

/** A queue of one-shot faults, consumed in the order they were added. */
export class FaultInjector {
  private readonly rules: Rule[] = []

  /** The next `count` matching calls fail with `error` (default `500 Internal Server Error`). */
  failNext(count: number, error: FaultError = {}): void {
    const apiError = new BotApiError(
      error.error_code ?? 500,
      error.description ?? 'Internal Server Error',
      error.parameters,
    )
    this.rules.push({ ...target(error), remaining: count, error: apiError, delayMs: 0 })
  }

  /** The next `count` matching calls are answered only after `delayMs`. */
  slowNext(count: number, delayMs: number, on: FaultTarget = {}): void {
    this.rules.push({ ...target(on), remaining: count, delayMs })
  }

  /** Drops every pending fault. */
  clear(): void {
    this.rules.length = 0
  }

  /** Consumes the faults that apply to one call of `method`. */
  take(method: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 }
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || (rule.method !== undefined && rule.method !== method)) continue
      if (rule.error && decision.error) continue
      rule.remaining -= 1
      if (rule.error) decision.error = rule.error
      decision.delayMs = Math.max(decision.delayMs, rule.delayMs)
    }
    for (let i = this.rules.length - 1; i >= 0; i--) if (this.rules[i]!.remaining <= 0) this.rules.splice(i, 1)
    return decision
  }
}

const target = (on: FaultTarget): { method?: string } => (on.method === undefined ? {} : { method: on.method })
