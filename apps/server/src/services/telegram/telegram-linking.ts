/**
 * @module Linking from the app: a portal user asks for a personal deep link
 * (`https://t.me/<bot>?start=<code>`), sees their link status; admins see every user's status and invite the
 * users not yet linked with a Bitrix24 notification that carries each one's personal link; any user may invite
 * the approvers they chose.
 */
import type { Clock } from '../../ports/clock.ts'
import type { NoticePart } from '../../ports/portal.ts'
import { tenantKey, type Store } from '../../ports/store.ts'
import type { TelegramBotRuntime } from '../../ports/telegram-bot.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import type { PortalPeople } from '../approvals/portal-users.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { issueLinkCode, linkCodeTtlMs } from './link-codes.ts'
import { profileStates } from './profile-links.ts'
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

/** Makes a personal deep link for `user`, valid for 72 hours and usable once. */
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

/**
 * Every active portal user with their link status and, when the portal keeps Telegram ids in a profile field,
 * what the profile says and what became of it (`malformed`, `asked`, … — see `profile-links.ts`).
 */
export async function portalLinkStatus(deps: PortalLinkingDeps, memberId: string) {
  const { users } = await deps.people.people(memberId, () => deps.directory.portal(memberId))
  const profiles = await profileStates(
    deps.store,
    memberId,
    users.map((user) => user.id),
  )
  const rows = []
  for (const user of users) {
    const state = profiles.get(user.id)
    const profile = state ? { value: state.value, status: state.status } : null
    rows.push({ id: user.id, name: user.name, ...(await linkStatus(deps.store, memberId, user.id)), profile })
  }
  return rows
}

/** The key of the latest invitation sent to a user (the users page shows them as invited while its link lives). */
export function invitationKey(memberId: string, userId: number): string {
  return tenantKey(memberId, 'tg-invitation', String(userId))
}

/** The latest invitation sent to a user. */
export interface SentInvitation {
  invitedAt: string
  expiresAt: string
}

/** How long an invited user is not invited again (a double click, two colleagues inviting the same approver). */
export const reinviteAfterMs = 60 * 60_000

/**
 * The invitation in the language the portal writes Bitrix24 texts in (Bitrix24 does not tell an app a user's
 * interface language), with the personal deep link; the action is named "Connect Telegram" as in the app.
 */
export function invitation(deepLink: string, language: 'ru' | 'en'): NoticePart[] {
  const hours = linkCodeTtlMs / 3_600_000
  return language === 'ru'
    ? [
        'Подключите Telegram, чтобы отвечать на согласования кнопками: ',
        { url: deepLink, label: 'Подключить Telegram' },
        ` (личная одноразовая ссылка, действует ${hours} часа; новую можно получить в приложении на странице «Telegram»).`,
      ]
    : [
        'Connect Telegram to answer approvals with buttons: ',
        { url: deepLink, label: 'Connect Telegram' },
        ` (a personal single-use link, valid for ${hours} hours; get a new one in the app on the Telegram page).`,
      ]
}

/** The link status of each of `userIds` (whether they can get Telegram cards), for the approver picker. */
export async function linkStatusOf(store: Store, memberId: string, userIds: number[]) {
  const rows = []
  for (const id of new Set(userIds)) rows.push({ id, isLinked: (await linkStatus(store, memberId, id)).isLinked })
  return rows
}

/**
 * Sends every active user who is not linked (or only `userIds`, when given) a Bitrix24 notification with a
 * personal deep link, in the portal's language. A user invited within {@link reinviteAfterMs} is not invited
 * again. Returns who was invited now.
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
  const { language } = await loadSettings(deps.store, portal.memberId)
  const invited: number[] = []
  for (const row of targets) {
    const mark = tenantKey(portal.memberId, 'tg-invited', String(row.id))
    if (!(await deps.store.putIfAbsent(mark, true, reinviteAfterMs))) continue
    const { deepLink, expiresAt } = await createLinkInvitation(deps, { portal, userId: row.id, name: row.name })
    await client.notifications.send({ userId: row.id, parts: invitation(deepLink, language) })
    await deps.store.put(invitationKey(portal.memberId, row.id), {
      invitedAt: new Date(deps.clock.now()).toISOString(),
      expiresAt,
    })
    invited.push(row.id)
  }
  return { invited }
}
