/**
 * @module Bitrix24 date strings: ISO-8601 with the portal's UTC offset and no milliseconds
 * (`2026-05-14T10:26:32+03:00`), as REST methods return them (§3.3).
 */

/** The sandbox portal's time zone offset in minutes (Moscow, UTC+3, no daylight saving). */
export const PORTAL_UTC_OFFSET_MINUTES = 180

/** Formats a unix time in milliseconds as a Bitrix24 date string in the portal's time zone. */
export function formatB24Date(ms: number): string {
  const shifted = new Date(ms + PORTAL_UTC_OFFSET_MINUTES * 60_000)
  const base = shifted.toISOString().slice(0, 19)
  const sign = PORTAL_UTC_OFFSET_MINUTES >= 0 ? '+' : '-'
  const abs = Math.abs(PORTAL_UTC_OFFSET_MINUTES)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `${base}${sign}${hh}:${mm}`
}

/** Parses a Bitrix24 (or any ISO-8601) date string into unix milliseconds; NaN when unparseable. */
export function parseB24Date(value: string): number {
  return Date.parse(value)
}
