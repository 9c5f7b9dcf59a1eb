/**
 * @module The reports texts (Statistics, the list export, the approval sheet), merged into vue-i18n by the lazy
 * pages that show them, so the home route's initial JavaScript does not carry them (issue 18).
 */
import { useI18n } from 'vue-i18n'
import { reportsEn } from './reports-en.ts'
import { reportsRu } from './reports-ru.ts'

/** The reports texts of each language. */
export const reportsMessages = { en: reportsEn, ru: reportsRu }

/** `useI18n()` with the reports texts merged in (once per app). */
export function useReportsTexts() {
  const i18n = useI18n()
  if (!i18n.te('reports.title', 'en')) {
    i18n.mergeLocaleMessage('en', { reports: reportsEn })
    i18n.mergeLocaleMessage('ru', { reports: reportsRu })
  }
  return i18n
}
