/**
 * @module Personal notification settings of one portal user: the channels (Telegram, Bitrix24 notifications),
 * quiet hours in the user's time zone (no Telegram pings then; cards and reminders wait until they end), an
 * optional daily digest of what waits for them, and the language the bot writes to them in (also set by admins
 * on the users page). Stored per user; changed with compare-and-set, so the user's own save and an admin's language
 * change never overwrite each other.
 */
import { z } from 'zod'
import { isTimeZone, nextLocalTime, parseClockTime, type PingTiming, type UserId } from '../../domain/index.ts'
import type { Clock } from '../../ports/clock.ts'
import { globalKey, tenantKey, type Store } from '../../ports/store.ts'

const clockTime = z.string().refine((text) => parseClockTime(text) !== null, 'Expected a time HH:MM (00:00–23:59).')

/** Quiet hours `from`–`to` (local `HH:MM`); a span from 22:00 to 08:00 wraps past midnight. */
const quietHoursSchema = z.object({ from: clockTime, to: clockTime }).refine((span) => span.from !== span.to, {
  message: 'Quiet hours must not start and end at the same time.',
  path: ['to'],
})

/** The settings as `PUT /api/app/me/notifications` accepts them (every field named in a 400). */
export const notificationPrefsSchema = z.object({
  channels: z
    .object({ telegram: z.boolean(), bitrix24: z.boolean() })
    .refine((c) => c.telegram || c.bitrix24, { message: 'Keep at least one channel.', path: ['bitrix24'] }),
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'Unknown IANA time zone.'),
  quietHours: quietHoursSchema.nullable(),
  digest: z.object({ isEnabled: z.boolean(), time: clockTime }),
  /** The bot's language for this user; `null` follows their Telegram client. */
  language: z.enum(['ru', 'en']).nullable(),
})

/** One user's notification settings. */
export type NotificationPrefs = z.output<typeof notificationPrefsSchema>

/** The settings of a user who never saved any: both channels, no quiet hours, no digest, in the portal's zone. */
export function defaultPrefs(timeZone: string): NotificationPrefs {
  return {
    channels: { telegram: true, bitrix24: true },
    timeZone,
    quietHours: null,
    digest: { isEnabled: false, time: '09:00' },
    language: null,
  }
}

/** The key of one user's settings. */
function prefsKey(memberId: string, userId: UserId): string {
  return tenantKey(memberId, 'notification-prefs', String(userId))
}

/** The stored settings of a user, or `null` when they never saved any. */
export async function findPrefs(store: Store, memberId: string, userId: UserId): Promise<NotificationPrefs | null> {
  const stored = (await store.get<unknown>(prefsKey(memberId, userId)))?.value
  return stored === undefined ? null : notificationPrefsSchema.parse(stored)
}

/** A user's settings, the defaults (in `portalTimeZone`) when none were saved. */
export async function loadPrefs(store: Store, memberId: string, userId: UserId, portalTimeZone: string) {
  return (await findPrefs(store, memberId, userId)) ?? defaultPrefs(portalTimeZone)
}

/** The timing rules' view of the settings. */
export function pingTiming(prefs: NotificationPrefs): PingTiming {
  const quiet = prefs.quietHours
  return {
    timeZone: prefs.timeZone,
    quietHours: quiet ? { fromMinute: parseClockTime(quiet.from)!, toMinute: parseClockTime(quiet.to)! } : null,
  }
}

/** The queue of every portal's daily digests: one item per user, due at their next digest time. */
export const digestQueue = globalKey('daily-digests')

/** Who a digest item is for. */
export interface DigestItem {
  memberId: string
  userId: UserId
}

/** Puts the user's next digest into the queue (or moves it); nothing when the digest is off. */
export async function scheduleDigest(store: Store, item: DigestItem, prefs: NotificationPrefs, now: Date) {
  if (!prefs.digest.isEnabled) return
  const dueAt = nextLocalTime(parseClockTime(prefs.digest.time)!, prefs.timeZone, now).getTime()
  await store.enqueue(digestQueue, {
    id: tenantKey(item.memberId, 'digest', String(item.userId)),
    payload: item,
    dueAt,
  })
}

/**
 * Changes a user's settings with compare-and-set (retrying a lost race), schedules their digest, and returns the
 * settings written.
 */
export async function updatePrefs(
  deps: { store: Store; clock: Clock },
  target: { memberId: string; userId: UserId; portalTimeZone: string },
  change: (prefs: NotificationPrefs) => NotificationPrefs,
): Promise<NotificationPrefs> {
  const key = prefsKey(target.memberId, target.userId)
  for (;;) {
    const stored = await deps.store.get<unknown>(key)
    const before = stored ? notificationPrefsSchema.parse(stored.value) : defaultPrefs(target.portalTimeZone)
    const next = change(before)
    if ((await deps.store.compareAndSet(key, next, stored?.version ?? 0)) === null) continue
    await scheduleDigest(deps.store, target, next, new Date(deps.clock.now()))
    return next
  }
}
