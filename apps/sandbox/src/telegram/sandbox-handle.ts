/** @module The handle a test or script holds on a running Telegram sandbox: users, chats, tracking and knobs. */
import type { CallbackQueryRecord } from './callback-tracker.ts'
import type { ChatMessageRecord } from './chat-log.ts'
import type { FaultError, FaultTarget } from './faults.ts'
import type { RateLimits } from './rate-limiter.ts'
import type { ApiCallRecord, SandboxState, SimulatedUserState } from './sandbox-state.ts'
import { SimulatedUser, SimulatedUserError } from './simulated-user.ts'
import type { DeliveryAttempt, RedeliveryPolicy, WebhookDelivery } from './webhook-delivery.ts'
import type { TgBotUser, TgMessage } from './wire-types.ts'

/** One chat as a test sees it. */
export interface SandboxChat {
  /** Current messages, deleted ones left out. */
  messages(): TgMessage[]
  /** Every message with its versions (edits) and deletion time. */
  history(): ChatMessageRecord[]
  /** The newest current message. */
  lastMessage(): TgMessage | undefined
}

/** Settings a test can change while the sandbox runs. */
export interface SandboxKnobs {
  /** Changes the flood limits (`{ isEnabled: false }` turns them off) and refills every bucket. */
  setLimits(limits: Partial<RateLimits>): void
  /** Changes webhook retries: attempts, delay, answer timeout. */
  setRedelivery(policy: Partial<RedeliveryPolicy>): void
  /** The next `count` Bot API calls (of `error.method`, or any) fail with `error` (default 500). */
  failNext(count: number, error?: FaultError): void
  /** The next `count` Bot API calls (of `on.method`, or any) are answered after `delayMs`. */
  slowNext(count: number, delayMs: number, on?: FaultTarget): void
  /** Drops every pending fault. */
  clearFaults(): void
  /** The next `count` updates are delivered twice. */
  duplicateNext(count: number): void
  /** How long after a press `answerCallbackQuery` is accepted. */
  setCallbackAnswerWindow(ms: number): void
  /** Whether the bot may write only to users who wrote first. */
  setRequiresStart(requiresStart: boolean): void
}

/** A running Telegram sandbox. */
export interface TelegramSandbox {
  /** Give this to telegraf as `telegram.apiRoot`, e.g. `http://127.0.0.1:8789`. */
  apiRoot: string
  /** The phone view. */
  url: string
  botToken: string
  botUsername: string
  bot: TgBotUser
  /** A simulated user by Telegram id or username. */
  user(idOrUsername: number | string): SimulatedUser
  users(): SimulatedUserState[]
  chat(id: number): SandboxChat
  callbacks(): CallbackQueryRecord[]
  /** Callback queries never answered; empty after a correct bot run. */
  unansweredCallbacks(): CallbackQueryRecord[]
  /** Bot API calls, optionally of one method. */
  calls(method?: string): ApiCallRecord[]
  webhookAttempts(): DeliveryAttempt[]
  /** POSTs an update already created once more, on purpose. */
  deliverAgain(updateId: number): Promise<DeliveryAttempt>
  /** Resolves when no webhook delivery is in progress. */
  idle(): Promise<void>
  knobs: SandboxKnobs
  close(): Promise<void>
}

/** What {@link createSandboxHandle} needs. */
export interface SandboxParts {
  state: SandboxState
  delivery: WebhookDelivery
  /** `http://host:port` of the running server. */
  origin: string
  close: () => Promise<void>
}

/** Builds the {@link TelegramSandbox} handle over a running sandbox. */
export function createSandboxHandle({ state, delivery, origin, close }: SandboxParts): TelegramSandbox {
  return {
    apiRoot: origin,
    url: `${origin}/`,
    botToken: state.token,
    botUsername: state.bot.username!,
    bot: state.bot,
    user: (idOrUsername) => findSimulatedUser(state, idOrUsername),
    users: () => [...state.users.values()],
    chat: (id) => sandboxChat(state, id),
    callbacks: () => state.callbacks.all(),
    unansweredCallbacks: () => state.callbacks.unanswered(),
    calls: (method) => state.calls.filter((call) => method === undefined || call.method === method),
    webhookAttempts: () => [...delivery.attempts],
    deliverAgain: (updateId) => {
      const update = state.updates.created.get(updateId)
      if (!update) throw new SimulatedUserError(`no update ${updateId}`)
      return delivery.deliverAgain(update)
    },
    idle: () => delivery.idle(),
    knobs: createKnobs(state, delivery),
    close,
  }
}

/**
 * A simulated user by Telegram id or username.
 * @throws SimulatedUserError when there is none.
 */
export function findSimulatedUser(state: SandboxState, idOrUsername: number | string): SimulatedUser {
  const found = [...state.users.values()].find(
    (u) => u.user.id === idOrUsername || (typeof idOrUsername === 'string' && u.user.username === idOrUsername),
  )
  if (!found) throw new SimulatedUserError(`no simulated user ${idOrUsername}`)
  return new SimulatedUser(state, found.user.id)
}

function sandboxChat(state: SandboxState, id: number): SandboxChat {
  return {
    messages: () => state.chats.get(id)?.messages() ?? [],
    history: () => state.chats.get(id)?.history() ?? [],
    lastMessage: () => state.chats.get(id)?.messages().at(-1),
  }
}

function createKnobs(state: SandboxState, delivery: WebhookDelivery): SandboxKnobs {
  return {
    setLimits: (limits) => state.limiter.configure(limits),
    setRedelivery: (policy) => void (delivery.policy = { ...delivery.policy, ...policy }),
    failNext: (count, error) => state.faults.failNext(count, error),
    slowNext: (count, delayMs, on) => state.faults.slowNext(count, delayMs, on),
    clearFaults: () => state.faults.clear(),
    duplicateNext: (count) => delivery.duplicateNext(count),
    setCallbackAnswerWindow: (ms) => void (state.callbacks.answerWindowMs = ms),
    setRequiresStart: (requiresStart) => void (state.requiresStart = requiresStart),
  }
}
