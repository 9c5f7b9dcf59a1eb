/**
 * @module Links between Bitrix24 users and Telegram accounts (architecture §7). A Bitrix24 user has at
 * most one Telegram account (re-linking replaces it); one Telegram account may serve users of several portals.
 *
 * Two documents, checked against each other on every read (so a half-finished change or a purged portal never
 * routes a card to the wrong person):
 * - `p:<member_id>:tg-link:<user_id>` → {@link TelegramLink} (tenant data: a portal purge removes it);
 * - `g:tg:account:<telegram_id>` → {@link TelegramAccount}: language, blocked flag and the list of links.
 */
import type { BotLanguage, LinkedAccount } from '../../ports/telegram-bot.ts'
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'

/** One portal user's link to a Telegram account. */
export interface TelegramLink extends LinkedAccount {
  telegramId: number
  linkedAt: string
}

/** A Telegram account as the bot knows it. */
export interface TelegramAccount {
  telegramId: number
  /** Chosen with `/language`; `null` follows the client's `language_code`. */
  language: BotLanguage | null
  /** The language of the client's `language_code` when the user last linked (for messages sent unprompted). */
  clientLanguage?: BotLanguage
  /** The user blocked the bot (403 or `my_chat_member` kicked): reached through Bitrix24 notifications only. */
  isBlocked: boolean
  links: { memberId: string; userId: number }[]
}

/** The key of a portal user's link. */
export function linkKey(memberId: string, userId: number): string {
  return tenantKey(memberId, 'tg-link', String(userId))
}

/** The per-portal index of linked users (member = user id, score = link time). */
export function linksIndex(memberId: string): string {
  return tenantKey(memberId, 'tg-links')
}

/** The key of a Telegram account. */
export function accountKey(telegramId: number): string {
  return globalKey('tg', 'account', String(telegramId))
}

/** Reads a Telegram account; a fresh one when unknown. */
export async function loadAccount(store: Store, telegramId: number): Promise<TelegramAccount> {
  const stored = await store.get<TelegramAccount>(accountKey(telegramId))
  return stored?.value ?? { telegramId, language: null, isBlocked: false, links: [] }
}

/** Applies `change` to the account with compare-and-set, retrying on a lost race; returns what was written. */
export async function updateAccount(
  store: Store,
  telegramId: number,
  change: (account: TelegramAccount) => TelegramAccount,
): Promise<TelegramAccount> {
  for (;;) {
    const stored = await store.get<TelegramAccount>(accountKey(telegramId))
    const next = change(stored?.value ?? { telegramId, language: null, isBlocked: false, links: [] })
    if ((await store.compareAndSet(accountKey(telegramId), next, stored?.version ?? 0)) !== null) return next
  }
}

/** The link of a portal user, when it exists and its Telegram account agrees. */
export async function findLinkByUser(store: Store, memberId: string, userId: number): Promise<TelegramLink | null> {
  const link = (await store.get<TelegramLink>(linkKey(memberId, userId)))?.value
  if (!link) return null
  const account = await loadAccount(store, link.telegramId)
  return account.links.some((l) => l.memberId === memberId && l.userId === userId) ? link : null
}

/** Every portal account a Telegram user is linked to (only links both documents agree on). */
export async function linkedAccounts(store: Store, telegramId: number): Promise<TelegramLink[]> {
  const account = await loadAccount(store, telegramId)
  const links: TelegramLink[] = []
  for (const { memberId, userId } of account.links) {
    const link = (await store.get<TelegramLink>(linkKey(memberId, userId)))?.value
    if (link?.telegramId === telegramId) links.push(link)
  }
  return links
}

/**
 * Links a portal user to a Telegram account, replacing the user's previous Telegram account (which loses the
 * link). Returns whether another Telegram account was replaced.
 */
export async function bindTelegram(store: Store, link: TelegramLink): Promise<{ replacedTelegramAccount: boolean }> {
  const previous = (await store.get<TelegramLink>(linkKey(link.memberId, link.userId)))?.value
  const isSameUser = (l: { memberId: string; userId: number }) =>
    l.memberId === link.memberId && l.userId === link.userId
  if (previous && previous.telegramId !== link.telegramId) {
    await updateAccount(store, previous.telegramId, (a) => ({ ...a, links: a.links.filter((l) => !isSameUser(l)) }))
  }
  await store.put(linkKey(link.memberId, link.userId), link)
  await store.indexAdd(linksIndex(link.memberId), String(link.userId), Date.parse(link.linkedAt))
  await updateAccount(store, link.telegramId, (a) => ({
    ...a,
    isBlocked: false,
    links: [...a.links.filter((l) => !isSameUser(l)), { memberId: link.memberId, userId: link.userId }],
  }))
  return { replacedTelegramAccount: previous !== undefined && previous.telegramId !== link.telegramId }
}

/** Removes every link of a Telegram account and returns the ones that were removed. */
export async function unbindTelegram(store: Store, telegramId: number): Promise<TelegramLink[]> {
  const links = await linkedAccounts(store, telegramId)
  await updateAccount(store, telegramId, (a) => ({ ...a, links: [] }))
  for (const link of links) {
    await store.delete(linkKey(link.memberId, link.userId))
    await store.indexRemove(linksIndex(link.memberId), String(link.userId))
  }
  return links
}

/** Marks a Telegram account blocked (the user blocked the bot) or active again. */
export async function setBlocked(store: Store, telegramId: number, isBlocked: boolean): Promise<void> {
  await updateAccount(store, telegramId, (a) => ({ ...a, isBlocked }))
}

/**
 * Removes one portal user's link (an admin revoked it, or the user left the portal), leaving the Telegram account's other links alone.
 * Returns the removed link; `null` when the user was not linked (a repeated revoke changes nothing).
 */
export async function unlinkUser(store: Store, memberId: string, userId: number): Promise<TelegramLink | null> {
  const link = await findLinkByUser(store, memberId, userId)
  if (!link) return null
  const isThisUser = (l: { memberId: string; userId: number }) => l.memberId === memberId && l.userId === userId
  await updateAccount(store, link.telegramId, (a) => ({ ...a, links: a.links.filter((l) => !isThisUser(l)) }))
  await store.delete(linkKey(memberId, userId))
  await store.indexRemove(linksIndex(memberId), String(userId))
  return link
}
