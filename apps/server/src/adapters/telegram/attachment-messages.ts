/**
 * @module An approval's files as Telegram messages (issue 21): each group of `telegramFileGroups` is one send —
 * `sendPhoto` / `sendDocument` for a single file, `sendMediaGroup` for 2–10 — quoting the approver's card. A file
 * is uploaded once per approval and kind; later approvers get it by the `file_id` Telegram returned.
 * @see https://core.telegram.org/bots/api#sendmediagroup
 * @see https://core.telegram.org/bots/api#senddocument
 * @see https://core.telegram.org/bots/api#sendphoto
 */
import type { Telegram } from 'telegraf'
import type { Message } from 'telegraf/types'
import type { ApprovalAttachment, TelegramFileGroup } from '../../domain/index.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { SendPacer } from './send-pacer.ts'
import { callTelegram } from './telegram-errors.ts'

/** The approval the files belong to and where its bytes come from. */
export interface AttachmentSource {
  memberId: string
  approvalId: string
  /** The bytes of one attachment. */
  content(attachment: ApprovalAttachment): Promise<Buffer>
}

type FileMessage = Message.PhotoMessage | Message.DocumentMessage | Message

const fileIdKey = (source: AttachmentSource, kind: string, number: number) =>
  tenantKey(source.memberId, 'tg-file', source.approvalId, kind, String(number))

async function inputOf(store: Store, source: AttachmentSource, kind: string, attachment: ApprovalAttachment) {
  const known = await store.get<string>(fileIdKey(source, kind, attachment.number))
  if (known) return known.value
  return { source: await source.content(attachment), filename: attachment.name }
}

function fileIdOf(message: FileMessage): string | null {
  if ('photo' in message) return message.photo.at(-1)?.file_id ?? null
  if ('document' in message) return message.document.file_id
  return null
}

/**
 * The quote of the card. telegraf 4 sends an upload as multipart and drops object fields it does not know there,
 * so with an upload `reply_parameters` goes JSON-serialized, as the Bot API accepts any object parameter.
 */
function replyTo(messageId: number | null, isUpload: boolean) {
  if (messageId === null) return {}
  const parameters = { message_id: messageId, allow_sending_without_reply: true }
  return { reply_parameters: (isUpload ? JSON.stringify(parameters) : parameters) as typeof parameters }
}

/**
 * Sends one group to `chatId`, replying to `replyTo` when given, and remembers the uploaded files' ids.
 * @throws as `callTelegram` maps Telegram's errors.
 */
export async function sendFileGroup(
  deps: { telegram: Telegram; pacer: SendPacer; store: Store },
  target: { chatId: number; replyTo: number | null },
  source: AttachmentSource,
  group: TelegramFileGroup,
): Promise<void> {
  const { telegram, pacer, store } = deps
  const inputs = await Promise.all(group.attachments.map((a) => inputOf(store, source, group.kind, a)))
  const reply = replyTo(
    target.replyTo,
    inputs.some((input) => typeof input !== 'string'),
  )
  const sent: FileMessage[] = await pacer.run(target.chatId, async () => {
    const [first] = group.attachments
    if (group.attachments.length === 1 && group.kind === 'photo') {
      return [
        await callTelegram('sendPhoto', () =>
          telegram.sendPhoto(target.chatId, inputs[0]!, { caption: first!.name, ...reply }),
        ),
      ]
    }
    if (group.attachments.length === 1) {
      return [await callTelegram('sendDocument', () => telegram.sendDocument(target.chatId, inputs[0]!, reply))]
    }
    const media =
      group.kind === 'photo'
        ? group.attachments.map((a, i) => ({ type: 'photo' as const, media: inputs[i]!, caption: a.name }))
        : group.attachments.map((_a, i) => ({ type: 'document' as const, media: inputs[i]! }))
    return callTelegram('sendMediaGroup', () => telegram.sendMediaGroup(target.chatId, media, reply))
  })
  for (const [i, message] of sent.entries()) {
    const fileId = fileIdOf(message)
    const attachment = group.attachments[i]
    if (fileId && attachment && typeof inputs[i] !== 'string') {
      await store.put(fileIdKey(source, group.kind, attachment.number), fileId)
    }
  }
}
