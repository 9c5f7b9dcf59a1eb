/**
 * @module How the portal UI shows Bitrix24 values: user names, stage and status names, money and dates.
 */
import type { Portal } from '../portal.ts'
import type { StatusRecord } from '../state.ts'
import { userName } from './current-user.ts'

/** `crm.status.list` entity of a deal pipeline: `DEAL_STAGE` (pipeline 0) or `DEAL_STAGE_<id>`. */
export function stageEntity(categoryId: number): string {
  return categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`
}

/** The stages of a deal pipeline, in order. */
export function dealStages(portal: Portal, categoryId: number): StatusRecord[] {
  const entity = stageEntity(categoryId)
  return portal.state.statuses.filter((s) => s.ENTITY_ID === entity).sort((a, b) => a.SORT - b.SORT)
}

/** The lead statuses, in order. */
export function leadStatuses(portal: Portal): StatusRecord[] {
  return portal.state.statuses.filter((s) => s.ENTITY_ID === 'STATUS').sort((a, b) => a.SORT - b.SORT)
}

/** Name of a stage or status (`C1:NEW` → "Заявка"); the raw id when unknown. */
export function statusName(portal: Portal, entityId: string, statusId: unknown): string {
  const found = portal.state.statuses.find((s) => s.ENTITY_ID === entityId && s.STATUS_ID === statusId)
  return found?.NAME ?? String(statusId ?? '')
}

/** "Имя Фамилия" of a user id (string or number as records hold it); `#id` when unknown, "—" when empty. */
export function userLabel(portal: Portal, id: unknown): string {
  if (id === null || id === undefined || id === '' || id === 0 || id === '0') return '—'
  const user = portal.state.users.find((candidate) => candidate.ID === Number(id))
  return user ? userName(user) : `#${String(id)}`
}

const moneyFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 })

/** `"125000.00"` + `RUB` → "125 000 ₽". */
export function money(amount: unknown, currency: unknown): string {
  const value = Number(amount ?? 0)
  const symbol = currency === 'RUB' || currency === undefined ? '₽' : String(currency)
  return `${moneyFormat.format(Number.isFinite(value) ? value : 0)} ${symbol}`
}

/** A Bitrix24 date string (`2026-05-14T10:26:32+03:00`) as "14.05.2026 10:26"; empty stays empty. */
export function shortDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') return ''
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value)
  if (!match) return value
  const [, year, month, day, hour, minute] = match
  return hour ? `${day}.${month}.${year} ${hour}:${minute}` : `${day}.${month}.${year}`
}
