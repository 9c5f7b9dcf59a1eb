/**
 * @module The users page ("Сотрудники / Users", admins): every portal user, read page after page through the
 * Portal's people facet, with their Telegram state, the bot's language for them, the places waiting for their
 * answer and their median time to decide (both from the maintained statistics); filtered by department and state.
 * Admin actions on one user: revoke their Telegram link, set their language (inviting is `telegram-linking.ts`'s).
 */
import { calendarDay, type UserId } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import type { RosterUser } from '../../ports/portal.ts'
import type { Store } from '../../ports/store.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { approverDecisionTimes } from '../stats/read-stats.ts'
import { pendingCountersKey } from '../stats/record-stats.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import { invitationKey, type SentInvitation } from '../telegram/telegram-linking.ts'
import { findLinkByUser, loadAccount, unlinkUser, updateAccount } from '../telegram/telegram-links.ts'
import { findPrefs, updatePrefs } from './notification-prefs.ts'

/** A user's Telegram state on the users page. */
export const telegramStates = ['linked', 'invited', 'not-linked', 'blocked', 'deactivated'] as const
/** One of {@link telegramStates}: `blocked` = they blocked the bot; `deactivated` = dismissed in Bitrix24. */
export type TelegramState = (typeof telegramStates)[number]

/** One row of the users page. */
export interface RosterRow {
  id: UserId
  name: string
  position: string
  departmentIds: number[]
  telegramState: TelegramState
  /** The bot's language for them; `null` follows their Telegram client (unknown before they link). */
  language: 'ru' | 'en' | null
  pendingCount: number
  medianDecisionMs: number | null
}

/** Filters and page of the users page. */
export interface RosterQuery {
  departmentId?: number
  state?: TelegramState
  offset: number
  limit: number
}

/** What the users page reads. */
export interface RosterDeps {
  store: Store
  clock: Clock
  directory: PortalDirectory
}

/** How far back the median time to decide looks, in days. */
export const decisionTimeDays = 365

/**
 * Each user's workload from the maintained statistics: places waiting for them now (the pending counters) and
 * their median time to decide over the last {@link decisionTimeDays} days (whole minutes, nearest rank).
 */
async function workloadOf(deps: RosterDeps, memberId: string) {
  const pending = (await deps.store.get<Record<string, number>>(pendingCountersKey(memberId)))?.value ?? {}
  const { calendar } = await loadSettings(deps.store, memberId)
  const to = calendarDay(new Date(deps.clock.now()).toISOString(), calendar.timeZone)
  const from = new Date(Date.parse(to) - decisionTimeDays * 86_400_000).toISOString().slice(0, 10)
  const times = await approverDecisionTimes(deps.store, memberId, { from, to })
  return (userId: UserId) => {
    const median = times.get(userId)?.medianMinutes ?? null
    return { pendingCount: pending[userId] ?? 0, medianDecisionMs: median === null ? null : median * 60_000 }
  }
}

async function telegramOf(deps: RosterDeps, memberId: string, user: RosterUser) {
  const prefs = await findPrefs(deps.store, memberId, user.id)
  const link = await findLinkByUser(deps.store, memberId, user.id)
  const account = link ? await loadAccount(deps.store, link.telegramId) : null
  const language = account?.language ?? prefs?.language ?? account?.clientLanguage ?? null
  if (!user.isActive) return { state: 'deactivated' as const, language }
  if (account) return { state: account.isBlocked ? ('blocked' as const) : ('linked' as const), language }
  const invitation = (await deps.store.get<SentInvitation>(invitationKey(memberId, user.id)))?.value
  const isInvited = invitation !== undefined && Date.parse(invitation.expiresAt) > deps.clock.now()
  return { state: isInvited ? ('invited' as const) : ('not-linked' as const), language }
}

/**
 * The users page: every user of the portal (active first, by name), filtered, and the page asked for, with the
 * number of users that match, with each one's workload from the statistics (see {@link workloadOf}).
 * @throws the Portal port's errors when Bitrix24 fails.
 */
export async function portalRoster(deps: RosterDeps, memberId: string, query: RosterQuery) {
  const portal = await deps.directory.portal(memberId)
  const users = (await portal.people.roster()).filter(
    (u) => query.departmentId === undefined || u.departmentIds.includes(query.departmentId),
  )
  const workload = await workloadOf(deps, memberId)
  const rows: RosterRow[] = []
  for (const user of users) {
    const { state, language } = await telegramOf(deps, memberId, user)
    if (query.state !== undefined && state !== query.state) continue
    const figures = workload(user.id)
    rows.push({
      ...{ id: user.id, name: user.name, position: user.position, departmentIds: user.departmentIds },
      ...{ telegramState: state, language },
      ...figures,
    })
  }
  rows.sort(
    (a, b) =>
      Number(a.telegramState === 'deactivated') - Number(b.telegramState === 'deactivated') ||
      a.name.localeCompare(b.name, 'ru'),
  )
  return { total: rows.length, users: rows.slice(query.offset, query.offset + query.limit) }
}

/** Revokes a user's Telegram link; `false` when they were not linked (nothing changes). */
export async function revokeTelegramLink(store: Store, memberId: string, userId: UserId): Promise<boolean> {
  return (await unlinkUser(store, memberId, userId)) !== null
}

/**
 * Sets the bot's language for a user: kept in their notification settings (used before they link) and, when
 * linked, on their Telegram account (what the bot writes in, as `/language` sets it). `null` follows their client.
 */
export async function setUserLanguage(
  deps: { store: Store; clock: Clock },
  memberId: string,
  userId: UserId,
  language: 'ru' | 'en' | null,
) {
  const portalTimeZone = (await loadSettings(deps.store, memberId)).calendar.timeZone
  await updatePrefs(deps, { memberId, userId, portalTimeZone }, (prefs) => ({ ...prefs, language }))
  const link = await findLinkByUser(deps.store, memberId, userId)
  if (link) await updateAccount(deps.store, link.telegramId, (account) => ({ ...account, language }))
  return { language }
}
