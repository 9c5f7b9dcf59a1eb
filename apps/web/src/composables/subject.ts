/**
 * @module How a subject (deal, lead, task) is named and found: its title, else "Deal #21"; its amount in the
 * interface language; the portal path of its CRM card; what passes for its id in a link or a field.
 */
import { useI18n } from 'vue-i18n'

/** A subject as lists, forms and the approval page have it. */
export interface SubjectLike {
  kind: 'deal' | 'lead' | 'task'
  id: number
  title: string
}

/** `subjectLabel(subject)`: the subject's title, or its kind and id in the interface language. */
export function useSubjectLabel() {
  const { t } = useI18n()
  return (subject: SubjectLike) => subject.title || t(`subjectKind.${subject.kind}`, { id: subject.id })
}

/** `amount` in `locale`, as money when `currency` is an ISO 4217 code (`150 000,00 ₽`), else as a number. */
export function formatAmount(amount: number, currency: string | null, locale: string): string {
  const money = currency && /^[A-Z]{3}$/.test(currency) ? { style: 'currency' as const, currency } : {}
  return new Intl.NumberFormat(locale, { ...money, maximumFractionDigits: 2 }).format(amount)
}

/** The Bitrix24 path of a CRM deal or lead card (`/crm/deal/details/21/`); null for other subjects. */
export function subjectPath(subject: { kind: string; id: number } | null): string | null {
  if (!subject || (subject.kind !== 'deal' && subject.kind !== 'lead')) return null
  return `/crm/${subject.kind}/details/${subject.id}/`
}

/** `value` as a record id (a whole number above 0, as Bitrix24 numbers deals, leads and tasks), else undefined. */
export function recordIdOf(value: unknown): number | undefined {
  const id = Number(value)
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}
