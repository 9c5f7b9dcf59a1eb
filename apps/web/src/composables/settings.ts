/** @module The portal's approval settings (`/api/app/settings`): everyone reads, admins save. */
import { ref } from 'vue'
import { readJson } from '../api/client.ts'
import type { SettingsDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { useRequestState } from './request-state.ts'

/** The settings with `load()` and `save()`. */
export function useSettings() {
  const portal = usePortalStore()
  const settings = ref<SettingsDto | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const api = () => portal.client().api.app.settings
  const run = (work: () => Promise<SettingsDto>) => guarded(async () => (settings.value = await work()))

  const load = () => run(async () => (await readJson(api().$get())).settings)
  const save = (value: SettingsDto) => run(async () => (await readJson(api().$put({ json: value }))).settings)
  return { settings, isLoading, error, load, save }
}

/**
 * The IANA time zones the browser knows (`Intl.supportedValuesOf('timeZone')`), with `current` added when the
 * list lacks it (engines leave out `UTC` and old names such as `Europe/Kiev`), sorted.
 */
export function timeZoneOptions(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone')
  return zones.includes(current) ? zones : [...zones, current].sort()
}

/** The working days (1 = Monday … 7 = Sunday) with `day` switched on or off, in order. */
export function withWorkingDay(days: number[], day: number, isOn: boolean): number[] {
  const others = days.filter((d) => d !== day)
  return isOn ? [...others, day].sort((a, b) => a - b) : others
}

/** The holidays (`YYYY-MM-DD`) with `date` added once, in order; anything but a date leaves them as they are. */
export function withHoliday(holidays: string[], date: string): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || holidays.includes(date)) return holidays
  return [...holidays, date].sort()
}
