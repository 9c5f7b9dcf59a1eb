/**
 * @module Statistics periods: the calendar day of an instant in the portal's time zone (the bucket its facts are
 * counted in), the days of a period, and the bucket (day, ISO week from Monday, month) a day falls into.
 */
import { zoneOffsetMs } from './working-time.ts'

/** How a period's figures are grouped over time. */
export const statsGroupings = ['day', 'week', 'month'] as const

/** One of {@link statsGroupings}. */
export type StatsGrouping = (typeof statsGroupings)[number]

/** The longest period one statistics call covers, in days. */
export const maxStatsPeriodDays = 366

const dayMs = 86_400_000

/** The calendar day (`YYYY-MM-DD`) of the instant `at` (ISO) in `timeZone`. */
export function calendarDay(at: string, timeZone: string): string {
  const instant = new Date(at)
  return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 10)
}

/** Every day from `from` to `to` (`YYYY-MM-DD`, both included), in order; empty when `to` is before `from`. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += dayMs) {
    days.push(new Date(t).toISOString().slice(0, 10))
  }
  return days
}

/** The bucket of `day`: the day itself, the Monday that starts its week, or its month (`YYYY-MM`). */
export function bucketOf(day: string, grouping: StatsGrouping): string {
  if (grouping === 'day') return day
  if (grouping === 'month') return day.slice(0, 7)
  const t = Date.parse(`${day}T00:00:00Z`)
  const sinceMonday = (new Date(t).getUTCDay() + 6) % 7
  return new Date(t - sinceMonday * dayMs).toISOString().slice(0, 10)
}
