/**
 * @module Working-time arithmetic in a portal's time zone: "add N working hours to an instant" for deadlines and
 * reminders. Pure: time zone offsets come from `Intl.DateTimeFormat`, no clock is read.
 *
 * Working hours are counted on the wall clock of the portal's zone: a 9:00–18:00 day is 9 working hours even on
 * a day when the clocks change (Europe/Berlin moves at 2:00–3:00, outside usual working hours). A wall time that
 * does not exist (inside a spring-forward gap) moves forward by the gap; an ambiguous one takes the later offset.
 */

/** A portal's working week: ISO week days (1 = Monday … 7 = Sunday), hours `[startHour, endHour)`, holidays. */
export interface WorkingCalendar {
  /** IANA time zone of the portal, e.g. `Europe/Moscow`. */
  timeZone: string
  workingDays: number[]
  /** 0–23. */
  startHour: number
  /** 1–24, greater than `startHour`. */
  endHour: number
  /** Local dates `YYYY-MM-DD` that are not worked (public holidays). */
  holidays: string[]
}

/** A local calendar date. */
interface LocalDate {
  year: number
  month: number
  day: number
}

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** A calendar that passed validation always has a working day within this many days. */
const MAX_DAYS_SCANNED = 3_700

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The wall-clock fields of an instant in `timeZone`, as if they were UTC (milliseconds since the epoch). */
export function wallClockMs(instantMs: number, timeZone: string): number {
  const fields: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((instantMs % 1000) + 1000) % 1000)
}

/** The zone's offset from UTC at an instant, in milliseconds (Moscow: +3 h). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  return wallClockMs(instant.getTime(), timeZone) - instant.getTime()
}

/**
 * The instant at which the wall clock of `timeZone` shows `wallMs` (wall fields encoded as UTC); inside a
 * spring-forward gap, the instant just after the gap.
 */
export function wallToInstantMs(wallMs: number, timeZone: string): number {
  const firstGuess = wallMs - zoneOffsetMs(new Date(wallMs), timeZone)
  const offset = zoneOffsetMs(new Date(firstGuess), timeZone)
  const secondGuess = wallMs - offset
  if (zoneOffsetMs(new Date(secondGuess), timeZone) === offset) return secondGuess
  // Inside a spring-forward gap: no instant shows this wall time; take the one just after the gap.
  return Math.max(firstGuess, secondGuess)
}

function toLocalDate(wallMs: number): LocalDate {
  const date = new Date(wallMs)
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
}

function dateKey(date: LocalDate): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`
}

function isWorkingDate(date: LocalDate, calendar: WorkingCalendar): boolean {
  const weekDay = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7
  return calendar.workingDays.includes(weekDay) && !calendar.holidays.includes(dateKey(date))
}

/**
 * The instant at which `hours` working hours have passed after `from`. Time outside working hours does not
 * count; with `hours = 0` it is the first working moment at or after `from`. A result that falls exactly at the
 * end of a working day stays there (18:00 today, not 9:00 tomorrow).
 */
export function addWorkingHours(from: Date, hours: number, calendar: WorkingCalendar): Date {
  let remaining = Math.max(0, hours) * HOUR_MS
  const startMs = calendar.startHour * HOUR_MS
  const endMs = calendar.endHour * HOUR_MS
  const wall = wallClockMs(from.getTime(), calendar.timeZone)
  let dayStart = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS)
  let position = wall - dayStart
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1) {
    if (position < endMs && isWorkingDate(toLocalDate(dayStart), calendar)) {
      const begin = Math.max(position, startMs)
      const available = endMs - begin
      if (remaining <= available) return new Date(wallToInstantMs(dayStart + begin + remaining, calendar.timeZone))
      remaining -= available
    }
    dayStart += DAY_MS
    position = 0
  }
  throw new RangeError(`Calendar in ${calendar.timeZone} has no working time within ${MAX_DAYS_SCANNED} days.`)
}

/** Whether `instant` falls inside working hours of a working day (start inclusive, end exclusive). */
export function isWorkingTime(instant: Date, calendar: WorkingCalendar): boolean {
  const wall = wallClockMs(instant.getTime(), calendar.timeZone)
  const position = ((wall % DAY_MS) + DAY_MS) % DAY_MS
  const inHours = position >= calendar.startHour * HOUR_MS && position < calendar.endHour * HOUR_MS
  return inHours && isWorkingDate(toLocalDate(wall), calendar)
}
