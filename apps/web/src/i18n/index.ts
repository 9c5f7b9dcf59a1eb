/** @module vue-i18n set up from the portal's `LANG`: Russian for ru/ua/by/kz, English otherwise. */
import { en as b24En, ru as b24Ru } from '@bitrix24/b24ui-nuxt/locale'
import { createI18n } from 'vue-i18n'
import { en } from './en.ts'
import { ru } from './ru.ts'

/** The languages the SPA speaks. */
export type AppLocale = 'ru' | 'en'

const russianSpeaking = new Set(['ru', 'ua', 'by', 'kz'])

/** Maps the portal's `LANG` (`ru`, `en`, `de`, …) to a language of the SPA. */
export function appLocaleOf(portalLang: string | null | undefined): AppLocale {
  return russianSpeaking.has((portalLang ?? '').toLowerCase()) ? 'ru' : 'en'
}

/** The b24ui locale matching the SPA's language (dates, built-in component texts). */
export function b24uiLocaleOf(locale: AppLocale) {
  return locale === 'ru' ? b24Ru : b24En
}

const dateTimeFormats = {
  short: { year: 'numeric', month: 'short', day: 'numeric' },
  long: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
} as const

/** Creates the i18n instance for `locale`. */
export function createAppI18n(locale: AppLocale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, ru },
    datetimeFormats: { en: dateTimeFormats, ru: dateTimeFormats },
  })
}
