/**
 * @module An approval's attachments (issue 21): the files the initiator attached, as the approval keeps them —
 * name as uploaded, detected MIME type, size, how many store chunks hold the bytes, and the Drive object the
 * approvers' Bitrix24 tasks carry. Which files are accepted is the website form's rule (`leads/lead-files.ts`:
 * judged by content, at most 5 of 10 MB). Telegram gets photos as an album and the rest as documents, split to the
 * Bot API's limits.
 * @see https://core.telegram.org/bots/api#sendmediagroup
 */
import { MAX_LEAD_FILE_BYTES, MAX_LEAD_FILES } from './leads/lead-files.ts'

/** At most this many files per approval. */
export const MAX_APPROVAL_ATTACHMENTS = MAX_LEAD_FILES
/** At most this many bytes per file. */
export const MAX_ATTACHMENT_BYTES = MAX_LEAD_FILE_BYTES

/** A file attached to an approval. */
export interface ApprovalAttachment {
  /** 1-based position; names the file's store chunks. */
  number: number
  /** The name as uploaded (cleaned of paths and control characters). */
  name: string
  /** The MIME type found by content. */
  mime: string
  size: number
  /** How many store chunks hold the bytes. */
  chunks: number
  /** The file on the portal's Drive (application storage); `null` when the connection has none (webhook mode). */
  diskFileId: number | null
}

/** Telegram's limits for a bot: a photo up to 10 MB, a document up to 50 MB, 2–10 items in one media group. */
export const telegramLimits = { photoBytes: 10 * 1024 * 1024, documentBytes: 50 * 1024 * 1024, groupSize: 10 }

/** How one message carries attachments: an album of photos or a group of documents (one item: a single send). */
export interface TelegramFileGroup {
  kind: 'photo' | 'document'
  attachments: ApprovalAttachment[]
}

const isPhoto = (a: ApprovalAttachment) =>
  (a.mime === 'image/jpeg' || a.mime === 'image/png') && a.size <= telegramLimits.photoBytes

function chunked(kind: TelegramFileGroup['kind'], list: ApprovalAttachment[]): TelegramFileGroup[] {
  const groups: TelegramFileGroup[] = []
  for (let i = 0; i < list.length; i += telegramLimits.groupSize) {
    groups.push({ kind, attachments: list.slice(i, i + telegramLimits.groupSize) })
  }
  return groups
}

/**
 * The messages that carry `attachments` to Telegram: JPEG and PNG photos as albums (with preview), everything
 * else as documents (named as uploaded), at most 10 per message; a file over the document limit is left out
 * (the card's link to the approval page still lists it).
 */
export function telegramFileGroups(attachments: readonly ApprovalAttachment[]): TelegramFileGroup[] {
  const photos = attachments.filter(isPhoto)
  const documents = attachments.filter((a) => !isPhoto(a) && a.size <= telegramLimits.documentBytes)
  return [...chunked('photo', photos), ...chunked('document', documents)]
}
