/**
 * @module Linking from the app: a portal user asks for a personal deep link
 * (`https://t.me/<bot>?start=<code>`), sees their link status; admins see every user's status and invite the
 * users not yet linked with a Bitrix24 notification that carries each one's personal link.
 */
import type { Clock } from '../../ports/clock.ts'
import type { NoticePart } from '../../ports/portal.ts'
import type { Store } from '../../ports/store.ts'
import type { TelegramBotRuntime } from '../../ports/telegram-bot.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import type { PortalPeople } from '../approvals/portal-users.ts'
import { issueLinkCode, linkCodeTtlMs } from './link-codes.ts'
import { findLinkByUser, loadAccount } from './telegram-links.ts'

/** What linking from the app needs. */
export interface LinkingDeps {
  store: Store
  clock: Clock
  runtime: Pick<TelegramBotRuntime, 'username'>
}

/** A portal user as the app authenticated them. */
export interface LinkingUser {
  portal: { memberId: string; domain: string }
  userId: number
  name: string
}

/** A personal deep link. */
export interface LinkInvitation {
  code: string
  deepLink: string
  expiresAt: string
}

/** A user's link status (never the Telegram id of someone else's account to a non-admin). */
export interface LinkStatus {
  isLinked: boolean
  /** The user blocked the bot: reached through Bitrix24 notifications until they restart it. */
  isBlocked: boolean
  linkedAt: string | null
}

/** Makes a personal deep link for `user`, valid for 15 minutes and usable once. */
export async function createLinkInvitation(deps: LinkingDeps, user: LinkingUser): Promise<LinkInvitation> {
  const { code, expiresAt } = await issueLinkCode(deps, {
    memberId: user.portal.memberId,
    portalDomain: user.portal.domain,
    userId: user.userId,
    userName: user.name,
  })
  const deepLink = `https://t.me/${await deps.runtime.username()}?start=${code}`
  return { code, deepLink, expiresAt }
}

/** The link status of one portal user. */
export async function linkStatus(store: Store, memberId: string, userId: number): Promise<LinkStatus> {
  const link = await findLinkByUser(store, memberId, userId)
  if (!link) return { isLinked: false, isBlocked: false, linkedAt: null }
  const account = await loadAccount(store, link.telegramId)
  return { isLinked: true, isBlocked: account.isBlocked, linkedAt: link.linkedAt }
}

/** What the admin views need besides {@link LinkingDeps}. */
export interface PortalLinkingDeps extends LinkingDeps {
  directory: PortalDirectory
  people: PortalPeople
}

/** Every active portal user with their link status. */
export async function portalLinkStatus(deps: PortalLinkingDeps, memberId: string) {
  const { users } = await deps.people.people(memberId, () => deps.directory.portal(memberId))
  const rows = []
  for (const user of users)
    rows.push({ id: user.id, name: user.name, ...(await linkStatus(deps.store, memberId, user.id)) })
  return rows
}

/** The invitation in both languages, the personal deep link in each. */
function invitation(deepLink: string): NoticePart[] {
  const minutes = linkCodeTtlMs / 60_000
  return [
    'Подключите Telegram, чтобы отвечать на согласования кнопками: ',
    { url: deepLink, label: 'открыть бота' },
    ` (ссылка личная, действует ${minutes} минут; потом получите новую в приложении → Telegram).\n`,
    'Connect Telegram to answer approvals with buttons: ',
    { url: deepLink, label: 'open the bot' },
    ` (personal link, valid for ${minutes} minutes; later get a new one in the app → Telegram).`,
  ]
}

/**
 * Sends every active user who is not linked (or only `userIds`, when given) a Bitrix24 notification with a
 * personal deep link. Returns who was invited.
 * @throws the Portal port's errors when Bitrix24 fails.
 */
export async function inviteUnlinked(
  deps: PortalLinkingDeps,
  portal: { memberId: string; domain: string },
  userIds?: number[],
): Promise<{ invited: number[] }> {
  const rows = await portalLinkStatus(deps, portal.memberId)
  const targets = rows.filter((row) => !row.isLinked && (userIds === undefined || userIds.includes(row.id)))
  const client = await deps.directory.portal(portal.memberId)
  for (const row of targets) {
    const { deepLink } = await createLinkInvitation(deps, { portal, userId: row.id, name: row.name })
    await client.notifications.send({ userId: row.id, parts: invitation(deepLink) })
  }
  return { invited: targets.map((row) => row.id) }
}
