/**
 * @module The Statistics page's workflow: the period (today, this week, this month or a custom range), the
 * grouping and the filters, the figures for them (`GET /api/app/statistics`, loaded again on every change), and
 * the statistics workbook download. Pure helpers for the period and for durations are tested without mounting.
 */
import { ref, shallowRef, watch } from 'vue'
import { readJson } from '../api/client.ts'
import type { StatisticsDto } from '../api/types.ts'
import { usePortalStore } from '../stores/portal.ts'
import { queryStringsOf } from './approval-list.ts'
import { useRequestState } from './request-state.ts'
import { saveResponse } from './approval-export.ts'

/** A period preset, or `custom` for the dates typed in. */
export type PeriodPreset = 'day' | 'week' | 'month' | 'custom'

/** What the statistics are asked for. */
export interface StatisticsQuery {
  preset: PeriodPreset
  from: string
  to: string
  grouping: 'day' | 'week' | 'month'
  templateId?: string
  initiatorId?: number
  approverId?: number
  departmentId?: number
  subjectKind?: 'deal' | 'lead' | 'task'
  pipelineId?: number
}

/**
 * The first and last day (`YYYY-MM-DD`) of a preset period that contains `now`'s calendar day in `timeZone`
 * (the portal's, where the server counts days; the browser's until the first answer names it).
 */
export function presetPeriod(
  preset: Exclude<PeriodPreset, 'custom'>,
  now: Date,
  timeZone?: string,
): { from: string; to: string } {
  const to = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  )
  const today = new Date(`${to}T00:00:00Z`)
  if (preset === 'day') return { from: to, to }
  if (preset === 'month') return { from: `${to.slice(0, 8)}01`, to }
  const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000)
  return { from: monday.toISOString().slice(0, 10), to }
}

/** Minutes as the tables show them: `45 min`, `3 h 5 min`, `2 d 4 h` (keys `reports.minutes|hours|days`). */
export function durationParts(minutes: number): { key: 'minutes' | 'hours' | 'days'; values: Record<string, number> } {
  if (minutes < 60) return { key: 'minutes', values: { n: minutes } }
  if (minutes < 24 * 60) return { key: 'hours', values: { h: Math.floor(minutes / 60), m: minutes % 60 } }
  return { key: 'days', values: { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60) } }
}

/** The API query of `query`: its period, grouping and set filters, as strings. */
export function statisticsParams(
  query: StatisticsQuery,
  lang: string,
): Record<string, string> & { from: string; to: string } {
  const { preset: _preset, ...rest } = query
  return { ...queryStringsOf({ ...rest, lang }), from: query.from, to: query.to }
}

/** The page's query, its figures, and the workbook download. */
export function useStatistics(lang: () => string) {
  const portal = usePortalStore()
  const query = ref<StatisticsQuery>({ preset: 'month', ...presetPeriod('month', new Date()), grouping: 'day' })
  const statistics = shallowRef<StatisticsDto | null>(null)
  const { isLoading, error, guarded } = useRequestState()
  const load = () =>
    guarded(async (isCurrent) => {
      const params = statisticsParams(query.value, lang())
      const answer = await readJson(portal.client().api.app.statistics.$get({ query: params }))
      if (isCurrent()) statistics.value = answer.statistics
    })
  watch(query, () => void load(), { deep: true, immediate: true })
  // Presets count days in the portal's time zone, known from the first answer.
  watch(statistics, (answer) => {
    const { preset } = query.value
    if (!answer || preset === 'custom') return
    const period = presetPeriod(preset, new Date(), answer.timeZone)
    if (period.from !== query.value.from || period.to !== query.value.to) query.value = { ...query.value, ...period }
  })
  const download = useRequestState()
  const downloadXlsx = () =>
    download.guarded(async () => {
      const params = statisticsParams(query.value, lang())
      await saveResponse(await portal.client().api.app.exports.statistics.$get({ query: params }), () => undefined)
    })
  return { query, statistics, isLoading, error, downloadXlsx, isDownloading: download.isLoading, reload: load }
}
