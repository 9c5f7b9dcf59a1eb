/**
 * @module Telegram ids from a Bitrix24 profile field (issue #19): the admin names the user field (or has the app
 * create `UF_USR_TELEGRAM_ID`); each user's value is read on `ONUSERADD` / `ONUSERUPDATE` and by a paged poll on
 * the cron tick, and turned into a question to that Telegram account (see `profile-links.ts`) — never into a
 * link by itself. A deactivated user is a leaver: unlinked, their open places handed to their head.
 */
import type { Clock } from '../../ports/clock.ts'
import type { Messenger } from '../../ports/messenger.ts'
import type { ProfileEntry } from '../../ports/portal.ts'
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'
import type { ActionDeps } from '../approvals/act-on-approval.ts'
import { loadSettings } from '../approvals/approval-settings.ts'
import { handOverLeaverPlaces } from '../approvals/approver-left.ts'
import { forgetLeaver, recordLeaver } from '../approvals/portal-leavers.ts'
import type { PortalDirectory } from '../portal-directory.ts'
import {
  confirmationTtlMs,
  openConfirmation,
  profileStateKey,
  telegramIdOfUsername,
  type ProfileLinkState,
  type ProfileLinkStatus,
} from './profile-links.ts'
import { findLinkByUser, loadAccount, unlinkUser } from './telegram-links.ts'

/** What the sync needs. */
export interface ProfileSyncDeps {
  store: Store
  clock: Clock
  directory: PortalDirectory
  /** Absent until the bot is configured: values are then only checked, nobody is asked. */
  messenger: Messenger | undefined
  /** The approval services, for leavers' places. */
  actions: ActionDeps
  /** The portal's host as the bot names it in the question. */
  portalDomain(memberId: string): Promise<string>
}

/** A Telegram reference as typed into a profile: a numeric user id, or a @username. */
export type TelegramRef = { telegramId: number } | { username: string }

/**
 * Reads a profile value: a positive user id of up to 15 digits, or a username (5–32 letters, digits and `_`,
 * starting with a letter, `@` optional, `t.me/` links accepted); null when it is neither.
 * @see https://core.telegram.org/bots/api#user
 */
export function parseTelegramRef(value: string): TelegramRef | null {
  const text = value.trim().replace(/^(https?:\/\/)?t\.me\//i, '')
  if (/^[1-9][0-9]{0,14}$/.test(text)) return { telegramId: Number(text) }
  const username = /^@?([A-Za-z][A-Za-z0-9_]{4,31})$/.exec(text)
  return username ? { username: username[1]! } : null
}

const fieldKey = (memberId: string) => tenantKey(memberId, 'profile-tg-field')
/** The portals whose profiles are polled (member = member_id). */
const polledPortals = globalKey('profile-tg-portals')
const cursorKey = (memberId: string) => tenantKey(memberId, 'profile-tg-cursor')

/** The profile field that holds Telegram ids in a portal; null when none is chosen. */
export async function loadProfileField(store: Store, memberId: string): Promise<string | null> {
  return (await store.get<{ fieldName: string }>(fieldKey(memberId)))?.value.fieldName ?? null
}

/** Chooses the profile field (a `UF_…` code) and starts polling the portal's profiles. */
export async function saveProfileField(store: Store, memberId: string, fieldName: string, now: number) {
  await store.put(fieldKey(memberId), { fieldName })
  await store.indexAdd(polledPortals, memberId, now)
}

async function writeState(deps: ProfileSyncDeps, key: string, version: number, state: ProfileLinkState) {
  return (await deps.store.compareAndSet(key, state, version)) !== null
}

/** The question's language: the account's own choice, else its client's, else the portal's. */
async function questionLanguage(deps: ProfileSyncDeps, memberId: string, telegramId: number) {
  const account = await loadAccount(deps.store, telegramId)
  return account.language ?? account.clientLanguage ?? (await loadSettings(deps.store, memberId)).language
}

/** Whether the stored state already answers this value (nothing to do until the value changes or times out). */
function isSettled(state: ProfileLinkState | undefined, value: string, now: number): boolean {
  if (!state || state.value !== value) return false
  if (['waiting-for-start', 'unreachable', 'left'].includes(state.status)) return false
  return state.status !== 'asked' || now - Date.parse(state.at) < confirmationTtlMs
}

/**
 * Brings one user's profile up to date: a leaver is unlinked and their places handed over; a new or changed
 * value is checked and its account asked to confirm (once per value, again after an unanswered question
 * expires). Concurrent runs for one user ask at most once (compare-and-set on the state).
 */
export async function syncProfile(deps: ProfileSyncDeps, memberId: string, entry: ProfileEntry) {
  const key = profileStateKey(memberId, entry.userId)
  const stored = await deps.store.get<ProfileLinkState>(key)
  const now = deps.clock.now()
  const at = new Date(now).toISOString()
  if (!entry.isActive)
    return leave(deps, memberId, entry, stored?.value.status === 'left' ? null : (stored?.version ?? 0))
  if (stored?.value.status === 'left') {
    // Brought back: stages that start from now on seat them again, and a later dismissal is handled anew.
    await forgetLeaver(deps.store, memberId, entry.userId)
    await deps.store.delete(key)
    return syncProfile(deps, memberId, entry)
  }
  if (entry.value === '' || isSettled(stored?.value, entry.value, now)) return stored?.value.status ?? null
  const base = { value: entry.value, at, telegramId: null }
  const set = async (status: ProfileLinkStatus, telegramId: number | null = null) =>
    (await writeState(deps, key, stored?.version ?? 0, { ...base, status, telegramId })) ? status : null
  const ref = parseTelegramRef(entry.value)
  if (!ref) return set('malformed')
  const telegramId = 'telegramId' in ref ? ref.telegramId : await telegramIdOfUsername(deps.store, ref.username)
  if (telegramId === null) return set('waiting-for-start')
  if ((await findLinkByUser(deps.store, memberId, entry.userId))?.telegramId === telegramId) {
    return set('linked', telegramId)
  }
  if (!deps.messenger) return set('unreachable', telegramId)
  // The state is claimed first, so of concurrent runs only the winner asks.
  if ((await set('asked', telegramId)) === null) return null
  const account = {
    memberId,
    portalDomain: await deps.portalDomain(memberId),
    userId: entry.userId,
    userName: entry.name,
  }
  const confirmationRef = await openConfirmation(deps.store, { ...account, telegramId, value: entry.value })
  const language = await questionLanguage(deps, memberId, telegramId)
  const sent = await deps.messenger
    .askToConfirmLink({ telegramId, account, confirmationRef, language })
    .catch(async (error: unknown) => {
      // Not asked: the next sync asks again.
      await markUnreachable(deps, key)
      throw error
    })
  if (sent === 'sent') return 'asked'
  return (await markUnreachable(deps, key)) ? 'unreachable' : null
}

async function markUnreachable(deps: ProfileSyncDeps, key: string): Promise<boolean> {
  const asked = await deps.store.get<ProfileLinkState>(key)
  return asked !== null && writeState(deps, key, asked.version, { ...asked.value, status: 'unreachable' })
}

/**
 * A deactivated user: recorded as a leaver, their Telegram link is removed (no more messages) and their open
 * places in active stages go to their head (later stages hand theirs over when they start).
 * `version` is the state's version to replace, or null when the leave was already handled.
 */
async function leave(deps: ProfileSyncDeps, memberId: string, entry: ProfileEntry, version: number | null) {
  if (version === null) return 'left' as const
  // Recorded first, so a stage starting from now on hands their place over (see `portal-leavers.ts`).
  await recordLeaver(deps.store, memberId, entry)
  await unlinkUser(deps.store, memberId, entry.userId)
  const report = await handOverLeaverPlaces(deps.actions, memberId, entry)
  if (report.stuck.length > 0) {
    console.warn(`profiles: ${memberId}: nobody can take user ${entry.userId}'s places in ${report.stuck.join(', ')}`)
  }
  const at = new Date(deps.clock.now()).toISOString()
  const state = { value: entry.value, status: 'left' as const, telegramId: null, at }
  await writeState(deps, profileStateKey(memberId, entry.userId), version, state)
  return 'left' as const
}

/**
 * Syncs one user by id (the `ONUSERADD` / `ONUSERUPDATE` handler): reads their profile and the portal's chosen
 * field. A portal without a chosen field still handles leavers.
 */
export async function syncUser(deps: ProfileSyncDeps, memberId: string, userId: number) {
  const fieldName = (await loadProfileField(deps.store, memberId)) ?? ''
  const entry = await (await deps.directory.portal(memberId)).profiles.user(fieldName, userId)
  if (!entry) return null
  return syncProfile(deps, memberId, fieldName ? entry : { ...entry, value: '' })
}

/** How often a portal's profiles are read again from the start, and how many pages one tick reads at most. */
export const profilePoll = { sweepEveryMs: 15 * 60_000, pagesPerTick: 2 }

/**
 * One poll step for every portal with a chosen field: reads the next page(s) of `user.get` (50 users each, at
 * most {@link profilePoll}.pagesPerTick per portal per tick, well inside the 2 requests/s limit) and syncs each
 * user; after the last page the sweep waits until {@link profilePoll}.sweepEveryMs after it began. A lease keeps
 * two ticks from reading the same portal at once. Returns how many users were read.
 */
export async function pollProfiles(deps: ProfileSyncDeps): Promise<number> {
  let read = 0
  let cursor: string | undefined
  do {
    const page = await deps.store.indexPage(polledPortals, { limit: 100, ...(cursor ? { cursor } : {}) })
    for (const { member: memberId } of page.entries) {
      // One portal failing (rate limit, lost authorization) keeps its cursor for the next tick, not others waiting.
      read += await pollPortal(deps, memberId).catch((error: unknown) => {
        console.warn(
          `profiles: poll of ${memberId} failed, retried next tick:`,
          error instanceof Error ? error.message : error,
        )
        return 0
      })
    }
    cursor = page.cursor
  } while (cursor)
  return read
}

interface PollCursor {
  next: number
  sweepStartedAt: number
}

async function pollPortal(deps: ProfileSyncDeps, memberId: string): Promise<number> {
  const fieldName = await loadProfileField(deps.store, memberId)
  const now = deps.clock.now()
  const saved = (await deps.store.get<PollCursor>(cursorKey(memberId)))?.value
  if (!fieldName || (saved?.next === -1 && now - saved.sweepStartedAt < profilePoll.sweepEveryMs)) return 0
  const holder = `poll-${now}-${Math.random()}`
  const lease = tenantKey(memberId, 'profile-tg-poll')
  if (!(await deps.store.acquireLease(lease, holder, 60_000))) return 0
  try {
    let position = saved && saved.next !== -1 ? saved : { next: 0, sweepStartedAt: now }
    let read = 0
    const portal = await deps.directory.portal(memberId)
    for (let pages = 0; pages < profilePoll.pagesPerTick && position.next !== -1; pages += 1) {
      const page = await portal.profiles.page(fieldName, position.next)
      for (const entry of page.entries) await syncProfile(deps, memberId, entry)
      read += page.entries.length
      position = { ...position, next: page.next ?? -1 }
      await deps.store.put(cursorKey(memberId), position)
    }
    return read
  } finally {
    await deps.store.releaseLease(lease, holder)
  }
}
