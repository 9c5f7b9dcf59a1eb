/**
 * @module The bound on reminders: an approver is reminded of one approval at most once per interval (the
 * portal's setting, an hour by default), however often the initiator presses "remind" and whatever the timers
 * do, so the Bitrix24 notices and Telegram messages about one approval stay few.
 */
import type { Approval, UserId } from './approval.ts'

/** The interval when the portal set none: one hour. */
export const DEFAULT_REMINDER_INTERVAL_MS = 60 * 60_000

/** Of `userIds`, those not reminded of `approval` within `intervalMs` before `now`. */
export function remindable(approval: Approval, userIds: UserId[], now: Date, intervalMs: number): UserId[] {
  const remindedAt = approval.remindedAt ?? {}
  return userIds.filter((userId) => {
    const last = remindedAt[String(userId)]
    return last === undefined || now.getTime() - Date.parse(last) >= intervalMs
  })
}

/** Records that `userIds` were reminded of `draft` at `now`. */
export function recordReminders(draft: Approval, userIds: UserId[], now: Date): void {
  const remindedAt = { ...draft.remindedAt }
  for (const userId of userIds) remindedAt[String(userId)] = now.toISOString()
  draft.remindedAt = remindedAt
}
