/**
 * @module The phone view's HTTP surface: the page at `/`, JSON under `/_sandbox/*` for the users and chats, the
 * user actions (send, reply, press, block), the files the bot sent (`/_sandbox/files/:fileId`), and a server-sent event stream that tells the page what changed.
 */
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { SandboxState } from '../sandbox-state.ts'
import { type SimulatedUser, SimulatedUserError } from '../simulated-user.ts'
import { viewChat, viewUsers } from './chat-view.ts'
import { phoneViewPage } from './page.ts'

/** Finds a simulated user by id. */
export type UserLookup = (id: number) => SimulatedUser

/** Body of the action routes. */
interface ActionBody {
  text?: string
  replyTo?: number
  messageId?: number
  button?: string
  isBlocked?: boolean
}

async function runAction(user: SimulatedUser, body: ActionBody) {
  if (body.button !== undefined && body.messageId !== undefined) return user.press(body.messageId, body.button)
  if (body.isBlocked !== undefined) return body.isBlocked ? user.block() : user.unblock()
  if (body.replyTo !== undefined) return user.reply(body.replyTo, body.text ?? '')
  return user.send(body.text ?? '')
}

/** The phone view routes of one sandbox. */
export function createPhoneViewRoutes(state: SandboxState, lookup: UserLookup): Hono {
  return new Hono()
    .get('/', (c) => c.html(phoneViewPage(state.bot.first_name, state.bot.username ?? '')))
    .get('/_sandbox/users', (c) =>
      c.json({ bot: state.bot, webhook: state.webhook?.url ?? null, users: viewUsers(state) }),
    )
    .get('/_sandbox/files/:fileId', (c) => {
      const stored = state.files.get(c.req.param('fileId'))
      if (!stored?.bytes) return c.json({ ok: false, error: 'no such file' }, 404)
      const headers = { 'content-type': stored.mime ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' }
      return c.body(new Uint8Array(stored.bytes), 200, headers)
    })
    .get('/_sandbox/chats/:id', (c) => c.json({ messages: viewChat(state, Number(c.req.param('id'))) }))
    .post('/_sandbox/users/:id/actions', async function handleUserAction(c) {
      const body = (await c.req.json()) as ActionBody
      try {
        const result = await runAction(lookup(Number(c.req.param('id'))), body)
        return c.json({ ok: true, delivery: result.delivery })
      } catch (error) {
        if (error instanceof SimulatedUserError) return c.json({ ok: false, error: error.message }, 400)
        throw error
      }
    })
    .get('/_sandbox/events', (c) =>
      streamSSE(c, async function streamSandboxEvents(stream) {
        const unsubscribe = state.subscribe((event) => {
          const data =
            event.type === 'callback_answer'
              ? { type: event.type, chatId: event.chatId, answer: event.record.answer }
              : event
          void stream.writeSSE({ event: 'change', data: JSON.stringify(data) })
        })
        stream.onAbort(unsubscribe)
        while (!stream.aborted) await stream.sleep(15_000).then(() => stream.writeSSE({ event: 'ping', data: '' }))
        unsubscribe()
      }),
    )
}
