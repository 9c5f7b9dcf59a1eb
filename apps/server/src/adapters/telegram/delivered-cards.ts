/**
 * @module Every Telegram message that shows an approval's card with buttons: the card itself, each reminder, each
 * `/pending` answer and each card sent after a comment. `updateCards` re-renders all of them, so no copy keeps a
 * button its approver can no longer use (issue #17 item 6). At most {@link maxCardsPerUser} messages are kept per
 * approver and approval (the newest); the oldest lose nothing but later edits.
 */
import { createHash } from 'node:crypto'
import type { BotLanguage } from '../../ports/telegram-bot.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { OutgoingMessage } from './bot-replies.ts'

/** A delivered card: whose, and where. */
export interface DeliveredCard {
  userId: number
  chatId: number
  messageId: number
  language: BotLanguage
  /** SHA-256 of the text and keyboard last shown, so a resumed update skips cards already up to date. */
  renderedHash?: string
}

/** The approval a card shows. */
export interface CardRef {
  memberId: string
  approvalId: string
}

/** Most messages kept per approver and approval. */
export const maxCardsPerUser = 20

const cardsKey = (ref: CardRef) => tenantKey(ref.memberId, 'tg-cards', ref.approvalId)

/** The hash {@link DeliveredCard.renderedHash} holds. */
export function renderedHashOf(outgoing: OutgoingMessage): string {
  return createHash('sha256')
    .update(JSON.stringify([outgoing.text, outgoing.replyMarkup ?? null]))
    .digest('base64url')
}

const sameMessage = (a: DeliveredCard, b: DeliveredCard) => a.chatId === b.chatId && a.messageId === b.messageId

/** Every message that shows the approval's card, oldest first. */
export async function deliveredCards(store: Store, ref: CardRef): Promise<DeliveredCard[]> {
  return (await store.get<DeliveredCard[]>(cardsKey(ref)))?.value ?? []
}

async function change(store: Store, ref: CardRef, next: (cards: DeliveredCard[]) => DeliveredCard[] | null) {
  for (;;) {
    const stored = await store.get<DeliveredCard[]>(cardsKey(ref))
    const cards = next(stored?.value ?? [])
    if (cards === null) return
    if ((await store.compareAndSet(cardsKey(ref), cards, stored?.version ?? 0)) !== null) return
  }
}

/** Records a message showing the card (a repeated record of one message replaces it). */
export async function rememberCard(store: Store, ref: CardRef, card: DeliveredCard): Promise<void> {
  await change(store, ref, (cards) => {
    const others = cards.filter((c) => !sameMessage(c, card))
    const own = others.filter((c) => c.userId === card.userId)
    const dropped = new Set(own.slice(0, Math.max(0, own.length - maxCardsPerUser + 1)))
    return [...others.filter((c) => !dropped.has(c)), card]
  })
}

/** Records a message's new rendering, unless it is no longer kept. */
export async function recordRendering(store: Store, ref: CardRef, card: DeliveredCard): Promise<void> {
  await change(store, ref, (cards) =>
    cards.some((c) => sameMessage(c, card)) ? cards.map((c) => (sameMessage(c, card) ? card : c)) : null,
  )
}
