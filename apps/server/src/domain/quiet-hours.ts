/**
 * @module Personal quiet hours and the daily digest time, on the wall clock of the user's time zone: when a
 * Telegram ping to a user may go out, when their next digest is due, and which local day an instant falls on.
 * Pure: offsets come from `Intl` through `working-time.ts`; no clock is read.
 */
import { wallClockMs, wallToInstantMs } from './working-time.ts'

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

/**
 * A daily span without Telegram pings, in minutes after local midnight: `[fromMinute, toMinute)`. A span whose
 * start is later than its end wraps past midnight (22:00–08:00). Start and end are never equal.
 */
export interface QuietHours {
  fromMinute: number
  toMinute: number
}

/** The part of a user's notification settings the timing rules read. */
export interface PingTiming {
  /** IANA time zone of the user. */
  timeZone: string
  quietHours: QuietHours | null
}

function minuteOfDay(wallMs: number): number {
  return Math.floor((((wallMs % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS)
}

function dayStart(wallMs: number): number {
  return wallMs - (((wallMs % DAY_MS) + DAY_MS) % DAY_MS)
}

/** Whether the local minute `minute` lies inside `quiet`. */
export function isQuietMinute(quiet: QuietHours, minute: number): boolean {
  const { fromMinute: from, toMinute: to } = quiet
  return from < to ? minute >= from && minute < to : minute >= from || minute < to
}

/**
 * When a Telegram ping (a card, a reminder, a notice) to a user may go out: `now` outside their quiet hours,
 * otherwise the instant their quiet hours end (the next local `toMinute`).
 */
export function telegramPingAt(timing: PingTiming, now: Date): Date {
  const quiet = timing.quietHours
  if (quiet === null) return now
  const wall = wallClockMs(now.getTime(), timing.timeZone)
  const minute = minuteOfDay(wall)
  if (!isQuietMinute(quiet, minute)) return now
  const endsToday = quiet.toMinute > minute
  const endWall = dayStart(wall) + quiet.toMinute * MINUTE_MS + (endsToday ? 0 : DAY_MS)
  return new Date(wallToInstantMs(endWall, timing.timeZone))
}

/** The next instant strictly after `now` at which the wall clock of `timeZone` shows `minute` (after midnight). */
export function nextLocalTime(minute: number, timeZone: string, now: Date): Date {
  const wall = wallClockMs(now.getTime(), timeZone)
  const today = dayStart(wall) + minute * MINUTE_MS
  const at = wallToInstantMs(today, timeZone)
  return new Date(at > now.getTime() ? at : wallToInstantMs(today + DAY_MS, timeZone))
}

/** The local date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  return new Date(dayStart(wallClockMs(instant.getTime(), timeZone))).toISOString().slice(0, 10)
}

/** `HH:MM` → minutes after midnight; `null` for anything else. */
export function parseClockTime(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text)
  return match ? Number(match[1]) * 60 + Number(match[2]) : null
}

/** Minutes after midnight → `HH:MM`. */
export function formatClockTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}
