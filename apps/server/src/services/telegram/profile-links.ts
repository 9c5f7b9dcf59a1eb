/**
 * @module Linking from a profile field (issue #19). A Telegram id typed into a Bitrix24 profile never links by
 * itself — anyone can type anyone's id — so the bot asks that Telegram account "Are you Ivan Petrov on portal
 * X?", and only a Yes pressed by that very account links it. A @username is resolved only for people who have
 * started the bot (the bot cannot write first, and Telegram does not resolve usernames of private users).
 *
 * Documents: `p:<member_id>:profile-tg:<user_id>` → {@link ProfileLinkState} (what the profile said and what
 * became of it); `g:tg:username:<name>` → the Telegram id that last started the bot with that @username;
 * `g:tg:profile-confirm:<sha256(ref)>` → the open question (72 hours, answered once).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Clock } from '../../ports/clock.ts'
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'
import type { BotReply, LinkedAccount, TelegramSender } from '../../ports/telegram-bot.ts'
import { bindTelegram } from './telegram-links.ts'

/** What became of a profile's Telegram id. */
export type ProfileLinkStatus =
  'linked' | 'asked' | 'declined' | 'malformed' | 'waiting-for-start' | 'unreachable' | 'left'

/** The last profile value seen for a user and what became of it. */
export interface ProfileLinkState {
  value: string
  status: ProfileLinkStatus
  telegramId: number | null
  at: string
}

/** An open question: which portal user, which Telegram account, for which profile value. */
export interface ProfileLinkClaim extends LinkedAccount {
  telegramId: number
  value: string
}

/** How long a question can be answered, and how long before an unanswered one is asked again. */
export const confirmationTtlMs = 72 * 60 * 60_000

/** The key of a user's profile-link state. */
export function profileStateKey(memberId: string, userId: number): string {
  return tenantKey(memberId, 'profile-tg', String(userId))
}

/** Reads the profile-link state of each of `userIds` (absent users have none). */
export async function profileStates(store: Store, memberId: string, userIds: number[]) {
  const states = new Map<number, ProfileLinkState>()
  for (const userId of userIds) {
    const state = (await store.get<ProfileLinkState>(profileStateKey(memberId, userId)))?.value
    if (state) states.set(userId, state)
  }
  return states
}

const usernameKey = (username: string) => globalKey('tg', 'username', username.toLowerCase())
const confirmationKey = (ref: string) =>
  globalKey('tg', 'profile-confirm', createHash('sha256').update(ref).digest('hex').slice(0, 40))

/** Remembers who started the bot under a @username (so a profile's @username can be asked). */
export async function rememberUsername(store: Store, sender: TelegramSender): Promise<void> {
  if (sender.username) await store.put(usernameKey(sender.username), { telegramId: sender.telegramId })
}

/** The Telegram id that started the bot under `username`; null when nobody did. */
export async function telegramIdOfUsername(store: Store, username: string): Promise<number | null> {
  return (await store.get<{ telegramId: number }>(usernameKey(username)))?.value.telegramId ?? null
}

/** Opens a question for `claim` and returns its reference (144 random bits, base64url). */
export async function openConfirmation(store: Store, claim: ProfileLinkClaim): Promise<string> {
  for (;;) {
    const ref = randomBytes(18).toString('base64url')
    if (await store.putIfAbsent(confirmationKey(ref), claim, confirmationTtlMs)) return ref
  }
}

const say = (kind: 'profile-link-declined' | 'profile-link-not-yours' | 'profile-link-expired'): BotReply[] => [
  { type: 'notice', notice: { kind } },
]

/**
 * Answers a question: only the account it was sent to may answer (anyone else changes nothing); Yes links the
 * portal user to that account when the profile still names it, No records the refusal (not asked again for the
 * same value). Of concurrent answers exactly one counts.
 */
export async function confirmProfileLink(
  deps: { store: Store; clock: Clock },
  sender: TelegramSender,
  ref: string,
  isYes: boolean,
): Promise<BotReply[]> {
  const claim = await deps.store.getTemp<ProfileLinkClaim>(confirmationKey(ref))
  if (!claim) return say('profile-link-expired')
  if (claim.telegramId !== sender.telegramId) return say('profile-link-not-yours')
  if (!(await deps.store.takeTemp<ProfileLinkClaim>(confirmationKey(ref)))) return say('profile-link-expired')
  const key = profileStateKey(claim.memberId, claim.userId)
  const stored = await deps.store.get<ProfileLinkState>(key)
  if (stored?.value.value !== claim.value || stored.value.telegramId !== claim.telegramId) {
    return say('profile-link-expired')
  }
  const at = new Date(deps.clock.now()).toISOString()
  const status = isYes ? 'linked' : 'declined'
  // A profile change meanwhile wins: the answer is then about a value the profile no longer holds.
  if ((await deps.store.compareAndSet(key, { ...stored.value, status, at }, stored.version)) === null) {
    return say('profile-link-expired')
  }
  if (!isYes) return say('profile-link-declined')
  const { memberId, portalDomain, userId, userName, telegramId } = claim
  const account = { memberId, portalDomain, userId, userName }
  const { replacedTelegramAccount } = await bindTelegram(deps.store, { ...account, telegramId, linkedAt: at })
  return [{ type: 'notice', notice: { kind: 'linked', account, replacedTelegramAccount } }]
}
