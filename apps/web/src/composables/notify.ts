/** @module Toasts with readable texts: the one way the SPA tells the user that something worked or failed. */
import { useToast } from '@bitrix24/b24ui-nuxt/composables/useToast'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/client.ts'

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * The text for an error: the SPA's own words for the server's error code (`errors.<CODE>`, one for every code of
 * `apiErrorCodes`), a neutral "refused (code)" for a code it does not know, never the server's English message.
 * Errors that are not server answers (the network, the portal frame) keep their own message.
 */
export function errorText(error: Error, t: Translate, te: (key: string) => boolean): string {
  if (!(error instanceof ApiError)) return error.message
  const key = `errors.${error.code}`
  return te(key) ? t(key) : t('common.refused', { code: error.code })
}

/** {@link errorText} in the current language, for pages that show an error in place. */
export function useErrorText() {
  const { t, te } = useI18n()
  return (error: Error) => errorText(error, t, te)
}

/** `success(text)` and `failure(error)` toasts. */
export function useNotify() {
  const toast = useToast()
  const { t } = useI18n()
  const textOf = useErrorText()
  return {
    success: (title: string) => toast.add({ title, color: 'air-primary-success' }),
    failure: (error: Error) =>
      toast.add({ title: t('common.error', { message: textOf(error) }), color: 'air-primary-alert' }),
  }
}
