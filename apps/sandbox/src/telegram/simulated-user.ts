/**
 * @module What a simulated Telegram user can do: write (including `/start <payload>`), press an inline button,
 * reply to a message (force-reply prompts), block and unblock the bot. Each action creates an update with the
 * next `update_id`; with a webhook set, the returned promise settles once the webhook took it or gave up.
 */
import { stripReply } from './methods/outgoing-message.ts'
import type { SandboxState } from './sandbox-state.ts'
import type { DeliveryOutcome } from './update-queue.ts'
import type { TgMessage, TgMessageEntity, TgUpdate, TgUpdateType, TgUser } from './wire-types.ts'

/** A message addressed by id or by the message object itself. */
export type MessageRef = number | { message_id: number }

/** An action the sandbox refused (unknown button, blocked bot, …): a mistake in the test, not a Bot API error. */
export class SimulatedUserError extends Error {
  override readonly name = 'SimulatedUserError'
}

/** The result of a user action. */
export interface UserActionResult {
  /** The update created, or null when `allowed_updates` filtered it out. */
  update: TgUpdate | null
  delivery: DeliveryOutcome | { status: 'filtered'; attempts: 0 }
  message?: TgMessage
  callbackQueryId?: string
}

const BOT_COMMAND = /^\/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?(?=\s|$)/

/** A simulated user bound to a sandbox. */
export class SimulatedUser {
  constructor(
    private readonly state: SandboxState,
    /** The Telegram user id (equal to the private chat id). */
    readonly id: number,
  ) {}

  /** The Telegram user object. */
  get user(): TgUser {
    return this.state.users.get(this.id)!.user
  }

  /** Sends a text message to the bot (`/start payload` included; commands get a `bot_command` entity). */
  async send(text: string): Promise<UserActionResult> {
    return this.write(text, undefined)
  }

  /** Replies to a message, as a user answering a force-reply prompt does. */
  async reply(ref: MessageRef, text: string): Promise<UserActionResult> {
    return this.write(text, this.findMessage(ref).message)
  }

  /** Presses the inline button labelled `buttonText` under a bot message; creates a `callback_query`. */
  async press(ref: MessageRef, buttonText: string): Promise<UserActionResult> {
    const record = this.findMessage(ref)
    const button = record.message.reply_markup?.inline_keyboard.flat().find((b) => b.text === buttonText)
    if (!button)
      throw new SimulatedUserError(`no inline button "${buttonText}" under message ${record.message.message_id}`)
    if (button.callback_data === undefined) throw new SimulatedUserError(`button "${buttonText}" opens a URL`)
    const query = {
      id: this.state.callbacks.nextId(),
      from: this.user,
      message: record.message,
      chat_instance: `-${String(this.id).padStart(19, '5')}`,
      data: button.callback_data,
    }
    this.state.callbacks.add(query, this.id, record.message.message_id)
    return { ...(await this.dispatch('callback_query', query)), callbackQueryId: query.id }
  }

  /** Blocks the bot: a `my_chat_member` update (member → kicked); the bot's sends then fail with 403. */
  async block(): Promise<UserActionResult> {
    return this.setBlocked(true)
  }

  /** Unblocks the bot ("Restart"): a `my_chat_member` update (kicked → member). */
  async unblock(): Promise<UserActionResult> {
    return this.setBlocked(false)
  }

  private async setBlocked(isBlocked: boolean): Promise<UserActionResult> {
    const userState = this.state.users.get(this.id)!
    if (userState.isBlocked === isBlocked)
      throw new SimulatedUserError(`already ${isBlocked ? 'blocked' : 'unblocked'}`)
    userState.isBlocked = isBlocked
    this.state.emit({ type: 'users' })
    const member = (status: 'member' | 'kicked') => ({
      user: {
        id: this.state.bot.id,
        is_bot: true,
        first_name: this.state.bot.first_name,
        username: this.state.bot.username!,
      },
      status,
      ...(status === 'kicked' ? { until_date: 0 } : {}),
    })
    return this.dispatch('my_chat_member', {
      chat: this.state.chatOf(this.user),
      from: this.user,
      date: this.state.unixNow(),
      old_chat_member: member(isBlocked ? 'member' : 'kicked'),
      new_chat_member: member(isBlocked ? 'kicked' : 'member'),
    })
  }

  private async write(text: string, replyTo: TgMessage | undefined): Promise<UserActionResult> {
    const userState = this.state.users.get(this.id)!
    if (userState.isBlocked) throw new SimulatedUserError('the user blocked the bot; unblock() first')
    if (text === '') throw new SimulatedUserError('a message needs text')
    userState.hasStarted = true
    const log = this.state.chatLog(this.id)
    const command = BOT_COMMAND.exec(text)
    const entities: TgMessageEntity[] = command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : []
    const message: TgMessage = {
      message_id: log.nextMessageId,
      from: this.user,
      chat: this.state.chatOf(this.user),
      date: this.state.unixNow(),
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...(replyTo ? { reply_to_message: stripReply(replyTo) } : {}),
    }
    log.add(message, 'user')
    this.state.emit({ type: 'chat', chatId: this.id })
    return { ...(await this.dispatch('message', message)), message }
  }

  private findMessage(ref: MessageRef) {
    const messageId = typeof ref === 'number' ? ref : ref.message_id
    const record = this.state.chats.get(this.id)?.find(messageId)
    if (!record) throw new SimulatedUserError(`no message ${messageId} in the chat with user ${this.id}`)
    return record
  }

  private async dispatch<K extends TgUpdateType>(type: K, payload: NonNullable<TgUpdate[K]>) {
    const pending = this.state.updates.push(type, payload)
    if (!pending) return { update: null, delivery: { status: 'filtered', attempts: 0 } as const }
    const delivery = this.state.webhook ? await pending.settled : { status: 'queued' as const, attempts: 0 }
    return { update: pending.update, delivery }
  }
}
